// Package sandbox is a strict local implementation of WalkMe's public API: the token
// endpoint, the Segments API, the End User Update API and the Workstation Notifications
// API. It enforces every documented limit, makes every undocumented behaviour an explicit
// assumption (see Assumptions), and offers inspection, fault injection and persistence
// for tests and the demo.
package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// PropertyType is the type of an End User Update integration property.
type PropertyType string

// The property types WalkMe supports.
const (
	PropertyString PropertyType = "string"
	PropertyNumber PropertyType = "number"
	PropertyDate   PropertyType = "date" // YYYY-MM-DD
)

// Scopes of WalkMe API keys.
const (
	ScopeSegmentsRead        = "segments:read"
	ScopeSegmentsWrite       = "segments:write"
	ScopeEndUserUpdateWrite  = "endUserUpdate:write"
	DefaultNotificationScope = "notifications:write" // ASSUMED: WalkMe does not document it
)

// Values of Config.ListShape and Config.CreateResponse.
const (
	listShapeArray          = "array"
	listShapeWrapped        = "wrapped"
	listShapeData           = "data"
	createResponseGUID      = "guid"
	createResponseEmpty     = "empty"
	createResponseWrapped   = "wrapped"
	createResponseSegmentID = "segmentId"
)

const (
	defaultTokenTTL             = 24 * time.Hour
	notificationDefaultDuration = 30 * 24 * time.Hour
	maxBodyBytes                = 64 << 20 // larger request bodies answer 413
	maxRecordedBodyBytes        = 64 << 10 // larger bodies are left out of the request log
	maxLogRecords               = 10000
)

// Documented limits.
const (
	MaxSegmentUserIDs       = 25000 // user IDs per segment request
	MaxUserIDLength         = 100   // characters (Unicode code points) per user ID
	MaxUserDataRecords      = 100   // records per End User Update request
	MaxNotificationEndUsers = 100   // endUsersIds per notification
)

// Endpoint names used by the request log, Count and Fault.
const (
	EndpointToken            = "token"
	EndpointSegmentList      = "segment.list"
	EndpointSegmentCreate    = "segment.create"
	EndpointSegmentUpdate    = "segment.update"
	EndpointSegmentDelete    = "segment.delete"
	EndpointUserDataPush     = "userdata.push"
	EndpointNotificationSend = "notification.send"
)

var endpointNames = []string{
	EndpointToken, EndpointSegmentList, EndpointSegmentCreate, EndpointSegmentUpdate,
	EndpointSegmentDelete, EndpointUserDataPush, EndpointNotificationSend,
}

// Demo values of DefaultConfig.
const (
	DefaultClientID          = "sandbox-client"
	DefaultClientSecret      = "sandbox-secret"
	DefaultSystemGUID        = "5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40"
	DefaultIntegrationToken  = "sandbox-integration-token"
	DefaultWorkstationSystem = "bcf4c7f5682b4aa6875a0fc9bdfa21ca"
	DefaultTemplateID        = "1e5afe51-2d2a-4b22-a60a-cf2d6c01d726"
)

// Client is an API key: a client ID and secret with the scopes of its permissions.
type Client struct {
	ID, Secret string
	Scopes     []string
}

// Integration is an End User Update integration. UserIDProperty and the property names
// may be dotted ("properties.ID") to address nested JSON objects.
type Integration struct {
	Token, UserIDProperty string
	Properties            map[string]PropertyType
}

// Config configures a Server. Zero values take the documented defaults.
type Config struct {
	Clients  []Client
	TokenTTL time.Duration // default 24h

	Systems      []string // Segments API systems; empty accepts any system GUID
	Integrations []Integration

	WorkstationSystems []string            // systemId is required when there are several
	Templates          map[string][]string // templateId → placeholders; nil accepts any template
	NotificationScope  string              // default DefaultNotificationScope

	ListShape      string // "array" (default), "wrapped", "data", "sparse", "numericId", "guidId"
	CreateResponse string // "guid" (default), "empty", "wrapped", "segmentId"
	ListEmpty      string // an empty list: "array" (default), "noContent", "emptyBody", "null", "object", "nullList"
	ListPaging     string // "" (one answer), "link", "page", "unfollowable"
	ListPageSize   int    // entries per page when ListPaging is set; default 2
	ListLag        int    // lists a new segment is left out of, and a deleted one stays in

	TokenTypeLower             bool // answer token_type "bearer"
	OmitScope                  bool // leave scope out of the token response
	AllowDuplicateSegmentNames bool // model the worst case: WalkMe lets names repeat

	PersistPath string           // optional JSON file: loaded by New, saved after every mutation
	Now         func() time.Time `json:"-"` // optional clock
}

// DefaultConfig returns the demo configuration.
func DefaultConfig() Config {
	return Config{
		Clients: []Client{{
			ID:     DefaultClientID,
			Secret: DefaultClientSecret,
			Scopes: []string{ScopeSegmentsRead, ScopeSegmentsWrite, ScopeEndUserUpdateWrite, DefaultNotificationScope},
		}},
		TokenTTL: defaultTokenTTL,
		Systems:  []string{DefaultSystemGUID},
		Integrations: []Integration{{
			Token:          DefaultIntegrationToken,
			UserIDProperty: "Email",
			Properties: map[string]PropertyType{
				"Status":       PropertyString,
				"ARR":          PropertyNumber,
				"RenewalDate":  PropertyDate,
				"Plan":         PropertyString,
				"account.tier": PropertyString,
			},
		}},
		WorkstationSystems: []string{DefaultWorkstationSystem},
		Templates:          map[string][]string{DefaultTemplateID: {"URL", "OPP_NAME_ATTRIBUTE"}},
		NotificationScope:  DefaultNotificationScope,
		ListShape:          listShapeArray,
		CreateResponse:     createResponseGUID,
	}
}

// Server is the sandbox. It is an http.Handler; all methods are safe for concurrent use.
type Server struct {
	cfg          Config
	integrations map[string]*Integration
	control      http.Handler // /_sandbox/

	mu            sync.Mutex
	tokens        map[string]*accessToken
	tokensIssued  int
	systems       map[string]map[string]*segment // system GUID → segment GUID → segment
	lingering     map[string][]*segment          // system GUID → deleted segments a lagging list still shows
	seq           int64                          // creation order of segments
	users         map[string]map[string]map[string]any
	notifications []ReceivedNotification
	log           []RequestRecord
	counts        map[string]int
	faults        []*faultState
	inflight      inflightCounter       // has its own lock: counted outside mu
	decodedHook   func(endpoint string) // tests: called when a body is decoded, before s.mu is taken
}

// New validates cfg, applies defaults and loads cfg.PersistPath when it exists.
func New(cfg Config) (*Server, error) {
	if err := normalise(&cfg); err != nil {
		return nil, fmt.Errorf("sandbox config: %w", err)
	}
	s := &Server{cfg: cfg, integrations: map[string]*Integration{}}
	for i := range s.cfg.Integrations {
		in := &s.cfg.Integrations[i]
		s.integrations[in.Token] = in
	}
	s.resetState()
	s.control = s.controlMux()
	if cfg.PersistPath != "" {
		if err := s.load(cfg.PersistPath); err != nil {
			return nil, fmt.Errorf("sandbox: loading state: %w", err)
		}
	}
	return s, nil
}

func normalise(cfg *Config) error {
	if cfg.TokenTTL == 0 {
		cfg.TokenTTL = defaultTokenTTL
	}
	if cfg.TokenTTL < 0 {
		return fmt.Errorf("TokenTTL %v is negative", cfg.TokenTTL)
	}
	if cfg.NotificationScope == "" {
		cfg.NotificationScope = DefaultNotificationScope
	}
	if err := normaliseList(cfg); err != nil {
		return err
	}
	if cfg.CreateResponse == "" {
		cfg.CreateResponse = createResponseGUID
	}
	if !slices.Contains([]string{createResponseGUID, createResponseEmpty, createResponseWrapped, createResponseSegmentID}, cfg.CreateResponse) {
		return fmt.Errorf("CreateResponse %q: want guid, empty, wrapped or segmentId", cfg.CreateResponse)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	seen := map[string]bool{}
	for _, c := range cfg.Clients {
		if c.ID == "" || c.Secret == "" {
			return errors.New("a client needs an ID and a secret")
		}
		if seen[c.ID] {
			return fmt.Errorf("client %q configured twice", c.ID)
		}
		seen[c.ID] = true
	}
	seen = map[string]bool{}
	for _, in := range cfg.Integrations {
		if in.Token == "" || in.UserIDProperty == "" {
			return errors.New("an integration needs a token and a user ID property")
		}
		if seen[in.Token] {
			return fmt.Errorf("integration token %q configured twice", in.Token)
		}
		seen[in.Token] = true
		for name, t := range in.Properties {
			if t != PropertyString && t != PropertyNumber && t != PropertyDate {
				return fmt.Errorf("integration property %q: type %q: want string, number or date", name, t)
			}
			if name == in.UserIDProperty {
				return fmt.Errorf("integration property %q is also the user ID property", name)
			}
		}
	}
	return nil
}

// resetState empties everything but the configuration. Callers hold s.mu or own s.
func (s *Server) resetState() {
	s.tokens = map[string]*accessToken{}
	s.tokensIssued = 0
	s.systems = map[string]map[string]*segment{}
	s.lingering = map[string][]*segment{}
	s.seq = 0
	s.users = map[string]map[string]map[string]any{}
	s.notifications = nil
	s.log = nil
	s.counts = map[string]int{}
	s.faults = nil
}

func (s *Server) now() time.Time { return s.cfg.Now() }

// reply is a handler's answer, kept apart from the ResponseWriter so that a fault can
// act and then drop the connection instead of answering.
type reply struct {
	status int
	header http.Header
	body   []byte // nil: no body
}

func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		return errorReply(http.StatusInternalServerError, "sandbox: encoding response: %v", err)
	}
	return reply{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: b}
}

// errorReply is the API's error body (ASSUMED shape: error-body).
func errorReply(status int, format string, args ...any) reply {
	return jsonReply(status, map[string]any{"message": fmt.Sprintf(format, args...), "statusCode": status})
}

func (rep *reply) setHeader(k, v string) {
	if rep.header == nil {
		rep.header = http.Header{}
	}
	rep.header.Set(k, v)
}

func (rep reply) write(w http.ResponseWriter) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rep.status)
	if rep.body != nil {
		_, _ = w.Write(rep.body) // the client may be gone; nothing to do about it
	}
}
