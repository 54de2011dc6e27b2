package sandbox

import "slices"

// Assumption is a behaviour the sandbox implements where WalkMe documents nothing.
type Assumption struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// assumptions drives GET /_sandbox/assumptions and is mirrored by ASSUMPTIONS.md (a test
// checks that the file mentions every ID).
var assumptions = []Assumption{
	// Token endpoint and authorization.
	{"token-form-credentials", "Client credentials are accepted only through HTTP Basic authentication (documented); client_id or client_secret in the form body is refused with 401 invalid_client so clients that send them are caught."},
	{"token-basic-urlencoded", "The Basic user name and password are form-url-decoded before comparison (RFC 6749 §2.3.1, as golang.org/x/oauth2 encodes them); WalkMe's token path /accounts/connect/token is IdentityServer's, which decodes them too."},
	{"token-errors", "Token endpoint errors follow RFC 6749 §5.2: {\"error\", \"error_description\"}. A missing or wrong Content-Type and a missing grant_type answer 400 invalid_request; a grant_type other than client_credentials answers 400 unsupported_grant_type; unknown or wrong credentials answer 401 invalid_client."},
	{"token-scope-param", "An optional scope form parameter narrows the token to those scopes; a scope the client does not hold answers 400 invalid_scope. Without it the token carries all the client's scopes."},
	{"token-opaque", "Access tokens are opaque random strings (WalkMe issues JWTs); clients must not parse them."},
	{"bearer-scheme-case", "The Authorization scheme \"Bearer\" is matched case-insensitively. Missing, unknown, expired and revoked tokens answer 401; a token without the endpoint's scope answers 403 naming the scope and the API-key permission."},
	{"scope-read-via-write", "segments:write also permits listing segments (WalkMe's permission is \"Write and Read\"; its tokens carry both scopes)."},
	{"notification-scope", "The Notifications API scope is notifications:write (undocumented; configurable with Config.NotificationScope)."},
	{"error-body", "API error bodies are JSON {\"message\": \"...\", \"statusCode\": N}."},
	{"route-strict", "Paths are matched exactly (no trailing slash, no empty segment): anything else answers 404; a known path with the wrong method answers 405 with an Allow header."},
	{"body-limit", "Request bodies over 64 MiB answer 413."},
	// JSON handling.
	{"json-content-type", "JSON endpoints (POST and PUT) require Content-Type: application/json (parameters such as charset allowed); anything else answers 415, after authorization."},
	{"json-strict", "Request bodies must be one JSON object with no trailing data; unknown fields answer 400 and field names are case-sensitive (\"Name\" is not \"name\")."},
	// Segments API.
	{"unknown-system", "When the sandbox is configured with systems, a call for any other system GUID answers 404; without configured systems every system GUID exists."},
	{"segment-create-response", "Create answers 201 with {\"guid\", \"name\", \"id\"} (id only when given). Variants (Config.CreateResponse): \"empty\" (201, no body), \"wrapped\" ({\"segment\": {...}}), \"segmentId\" ({\"segmentId\": \"...\"})."},
	{"segment-guid-format", "New segment GUIDs are random version 4 UUIDs, lower case and hyphenated (8-4-4-4-12)."},
	{"segment-name", "name is required and must not be empty or blank; no length limit is enforced."},
	{"segment-name-unique", "Segment names are unique per system (exact, case-sensitive match): creating a taken name answers 409. Config.AllowDuplicateSegmentNames switches this off to model the worst case."},
	{"segment-external-id", "The optional external id must be a non-empty string when sent and is unique per system: a taken id answers 409."},
	{"segment-empty-userids", "userIds is required on create and update and may be an empty array (override with [] empties the segment)."},
	{"segment-duplicate-ids", "Duplicate user IDs within one request are accepted: membership is a set. Adding a member already present or removing one absent is not an error."},
	{"segment-update-response", "Update answers 200 with {}. Name and external id cannot be sent in an update (unknown field: 400)."},
	{"segment-guid", "The segment GUID in update and delete URLs must be hyphenated (documented for update; assumed for delete): a 32-hex-digit GUID without hyphens answers 400 saying so, anything else that is not a GUID answers 400. GUIDs are compared case-insensitively."},
	{"segment-list-shape", "List answers a top-level JSON array [{\"guid\", \"name\", \"id\"}] in creation order, id (the external id) only when the segment has one; never members. Variants (Config.ListShape): \"wrapped\" ({\"segments\": [{\"segmentGuid\", \"name\", \"externalId\"}]}), \"data\" ({\"data\": [...]} with the default items), \"sparse\" ([{\"guid\", \"name\"}]: no external ids), \"numericId\" (\"id\" is a number of WalkMe's own, no external id) and \"guidId\" (\"id\" repeats the GUID, no external id)."},
	{"segment-list-empty", "A system without segments answers 200 []. Variants (Config.ListEmpty): \"noContent\" (204), \"emptyBody\" (200 without a body), \"null\", \"object\" ({}) and \"nullList\" ({\"segments\": null})."},
	{"segment-list-paging", "The list is one answer, never paginated. Variants (Config.ListPaging, Config.ListPageSize entries per page, default 2), each {\"segments\": [...]} plus: \"link\" (\"next\": the path with ?page=N+1, null on the last page), \"page\" (\"page\" and \"totalPages\"; ?page=N asks for page N) and \"unfollowable\" (\"hasMore\": true without a link or page number)."},
	{"segment-list-lag", "The list shows every write at once. Variant (Config.ListLag = N): a new segment is left out of the system's next N list answers and a deleted one still shows in them (only first pages count); updates, deletes, conflicts and inspection see the truth at once."},
	{"segment-delete", "Delete is DELETE /public/v1/user/system/{systemGuid}/segment/{segmentGuid}, answering 204; an unknown segment answers 404."},
	// End User Update API.
	{"userdata-null-first", "The null rule is checked right after the body is found to be a JSON object and before any other validation: a request with null at any depth answers 200 {\"message\": \"Request has been received\"} and changes nothing."},
	{"userdata-strict-body", "The body has exactly the fields token and data; other top-level fields answer 400."},
	{"userdata-token-status", "An unknown integration token answers 400 {\"message\": \"invalid integration token\"}."},
	{"userdata-empty-data", "An empty data array is accepted and stores nothing (WalkMe asks for an \"empty post\" after setting up an integration)."},
	{"userdata-user-id", "The user ID value must be a non-empty JSON string; a number or an empty string answers 400. It is not stored as an attribute."},
	{"userdata-other-field", "\"At least one other field with a value\" counts any field besides the user ID, imported or not, including an empty string; otherwise 400 naming the record."},
	{"userdata-dotted", "Dotted names (properties.ID) address nested objects only. A JSON key that itself contains a dot is skipped with a note (WalkMe's own curl example sends \"properties.ID\" as a flat key; nested is what the text describes)."},
	{"userdata-whitelist", "Fields that are not properties of the integration are ignored silently (noted in the request log)."},
	{"userdata-types", "A value of the wrong type is ignored and noted: number needs a JSON number (not \"123\"), date a real calendar date as a YYYY-MM-DD string, string a JSON string. The request still succeeds."},
	{"userdata-wrong-type-present", "For the several-users missing-field rule, a property sent with a wrong-typed value counts as present, so its stored value is kept rather than deleted."},
	{"userdata-atomic", "A request is validated as a whole: a 400 for any record stores nothing."},
	// Notifications API.
	{"notification-type-case", "notificationType is matched case-insensitively (WalkMe's own example sends \"Push\") and stored in lower case."},
	{"notification-null", "A field sent as null answers 400, like an empty optional field."},
	{"notification-ids", "endUsersIds and audiencesIds elements must be non-empty strings."},
	{"notification-times", "ISO 8601 times need an offset or Z; seconds and fractions are optional. A startAt in the past is accepted. When endAt is left out it defaults to 30 days from now, as WalkMe documents, even when startAt is given. endAt at or before startAt (after defaults) answers 400."},
	{"notification-templates", "When templates are configured, an unknown templateId answers 400 and each override key must be one of the template's placeholders exactly (without ###); a key given twice answers 400. Override values may be empty strings."},
	{"notification-response", "Send answers 200 {\"notificationId\": \"<uuid>\", \"status\": \"sent\"}."},
}

// Assumptions lists the sandbox's assumptions about undocumented WalkMe behaviour.
func Assumptions() []Assumption { return slices.Clone(assumptions) }
