package sandbox

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
)

// Index is the answer of GET /_sandbox/: what the sandbox serves under /_sandbox/, and what
// a Terraform configuration of one's own needs to use it.
type Index struct {
	About         string       `json:"about"`
	Endpoints     []indexEntry `json:"endpoints"`
	Faults        indexFaults  `json:"faults"`
	Configuration indexConfig  `json:"configuration"`
}

type indexEntry struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	Description string `json:"description"`
}

type indexFaults struct {
	Body      string   `json:"body"`
	Example   string   `json:"example"`
	Endpoints []string `json:"endpoints"`
}

// indexConfig is the configuration in force, without secrets (client secrets and
// integration tokens are in the -config file, or the README for the defaults).
type indexConfig struct {
	Clients            []indexClient       `json:"clients"`
	Systems            []string            `json:"systems"`
	WorkstationSystems []string            `json:"workstationSystems"`
	Templates          map[string][]string `json:"templates"`
	Integrations       []indexIntegration  `json:"integrations"`
	TokenTTL           string              `json:"tokenTTL"`
	Variants           map[string]string   `json:"variants"`
}

type indexClient struct {
	ID     string   `json:"id"`
	Scopes []string `json:"scopes"`
}

type indexIntegration struct {
	UserIDProperty string                  `json:"userIdProperty"`
	Properties     map[string]PropertyType `json:"properties"`
}

// undocumented is the description of a control route indexDescriptions lacks (a test fails).
const undocumented = "(undocumented)"

// indexDescriptions describes the control routes.
var indexDescriptions = map[string]string{
	"GET /_sandbox/":                                      "This index.",
	"GET /_sandbox/state":                                 "Summary: segments per system (GUID, name, external id, member count), users per integration, notifications and tokens issued.",
	"GET /_sandbox/systems/{sys}/segments":                "The segments of a system.",
	"GET /_sandbox/systems/{sys}/segments/{guid}/members": "A segment's members, sorted, and their count.",
	"GET /_sandbox/users/{token}":                         "Every user's stored attributes for the integration with that token.",
	"GET /_sandbox/users/{token}/{user...}":               "One user's stored attributes.",
	"GET /_sandbox/notifications":                         "The notifications received, in order.",
	"GET /_sandbox/requests":                              "The API request log: method, path, endpoint, status, bodies.",
	"GET /_sandbox/requests/counts":                       "API requests per endpoint.",
	"GET /_sandbox/inflight":                              "API requests being handled now, and the most at once since the last reset, overall and per endpoint (injected delays count).",
	"POST /_sandbox/inflight/reset":                       "Start counting the most API requests at once afresh.",
	"GET /_sandbox/assumptions":                           "The sandbox's answers to what WalkMe does not document (internal/sandbox/ASSUMPTIONS.md).",
	"POST /_sandbox/faults":                               "Inject a fault into the next matching API requests (see faults).",
	"DELETE /_sandbox/faults":                             "Remove every injected fault.",
	"POST /_sandbox/tokens/expire":                        "Expire every access token issued so far (the next API call answers 401).",
	"POST /_sandbox/reset":                                "Forget every segment, user, notification, token, fault and logged request.",
}

// serveIndex registers GET /_sandbox/ (and /_sandbox) listing routes.
func (s *Server) serveIndex(mux *http.ServeMux, routes []indexEntry) {
	routes = append([]indexEntry{{Method: http.MethodGet, Path: "/_sandbox/"}}, routes...)
	for i := range routes {
		d, ok := indexDescriptions[routes[i].Method+" "+routes[i].Path]
		if !ok {
			d = undocumented
		}
		routes[i].Description = d
	}
	h := func(w http.ResponseWriter, _ *http.Request) { jsonReply(http.StatusOK, s.index(routes)).write(w) }
	mux.HandleFunc("GET /_sandbox/{$}", h)
	mux.HandleFunc("GET /_sandbox", h)
}

func (s *Server) index(routes []indexEntry) Index {
	cfg := s.cfg
	idx := Index{
		About: "The WalkMe sandbox: WalkMe's API at the root (token endpoint /accounts/connect/token), inspection and " +
			"control under /_sandbox/, without authentication: loopback only.",
		Endpoints: routes,
		Faults: indexFaults{
			Body: `{"endpoint": one of endpoints or "" for any API call, "skip": N, "times": N (default 1), ` +
				`"status": HTTP status, "retryAfter": "seconds or HTTP date", "delay": "Go duration", "drop": "before" or "after"}`,
			Example:   `curl -X POST http://HOST/_sandbox/faults -d '{"endpoint":"segment.update","status":503,"retryAfter":"1","times":2}'`,
			Endpoints: slices.Clone(endpointNames),
		},
		Configuration: indexConfig{
			Systems:            slices.Clone(cfg.Systems),
			WorkstationSystems: slices.Clone(cfg.WorkstationSystems),
			Templates:          maps.Clone(cfg.Templates),
			TokenTTL:           cfg.TokenTTL.String(),
			Variants: map[string]string{ // the undocumented answers in force (Config's fields)
				"ListShape": cfg.ListShape, "CreateResponse": cfg.CreateResponse, "ListEmpty": cfg.ListEmpty,
				"ListPaging": cfg.ListPaging, "ListPageSize": strconv.Itoa(cfg.ListPageSize), "ListLag": strconv.Itoa(cfg.ListLag),
			},
		},
	}
	for _, c := range cfg.Clients {
		idx.Configuration.Clients = append(idx.Configuration.Clients, indexClient{ID: c.ID, Scopes: slices.Clone(c.Scopes)})
	}
	for _, in := range cfg.Integrations {
		idx.Configuration.Integrations = append(idx.Configuration.Integrations,
			indexIntegration{UserIDProperty: in.UserIDProperty, Properties: maps.Clone(in.Properties)})
	}
	return idx
}
