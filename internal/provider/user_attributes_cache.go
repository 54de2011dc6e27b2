package provider

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/walkme-community/terraform-provider-walkme/internal/userattrs"
)

// uaMemory remembers, for one configured provider, the last users file parsed, the last plan
// against stored users and the last pushed users decoded. Terraform starts the provider (and
// configures it) once per plan and once per apply, and `terraform apply` plans the resource
// again before applying it in the same process, so at 100,000 users this spares the apply a
// second parse and plan; the entries are only used for the very same bytes and settings.
// A nil *uaMemory remembers nothing (the provider was not configured).
type uaMemory struct {
	mu sync.Mutex
	// file: key = raw digest + user ID property + attribute types
	fileKey string
	file    *uaParse
	// plan: against users stored in private state (key: uaPlanKey) to the table planTo,
	// held so that no other table can take its address
	planKey string
	planTo  *userattrs.Table
	plan    userattrs.Plan
	// refreshed: the files (uaFileKey) whose plan a refresh in this process noted
	refreshed map[string]bool
	// prior: key = the digest of the pushed users, verified when they were decoded
	priorDigest string
	priorUsers  map[string]map[string]string
}

func uaFileKey(raw, idProperty string, types map[string]string) string {
	var b strings.Builder
	b.WriteString(raw)
	b.WriteString("\x00")
	b.WriteString(idProperty)
	for _, k := range slices.Sorted(maps.Keys(types)) {
		b.WriteString("\x00" + k + "\x00" + types[k])
	}
	return b.String()
}

// uaParse is a parse of a users file, done when done is closed.
type uaParse struct {
	done  chan struct{}
	table *userattrs.Table
	err   error
}

// parseOnce returns the parse of the file key names, which parse makes (once, however
// many callers ask at the same time) unless it is in memory. A failed parse is not kept:
// its error names the file, which key does not.
func (m *uaMemory) parseOnce(key string, parse func() (*userattrs.Table, error)) (*userattrs.Table, error) {
	if m == nil {
		return parse()
	}
	m.mu.Lock()
	if f := m.file; f != nil && key == m.fileKey {
		m.mu.Unlock()
		<-f.done
		if f.err == nil {
			return f.table, nil
		}
		return parse()
	}
	f := &uaParse{done: make(chan struct{})}
	m.fileKey, m.file = key, f
	m.mu.Unlock()
	f.table, f.err = parse()
	close(f.done)
	if f.err != nil {
		m.mu.Lock()
		if m.file == f {
			m.fileKey, m.file = "", nil
		}
		m.mu.Unlock()
	}
	return f.table, f.err
}

// noteRefreshed records that a refresh in this process planned the file key names.
func (m *uaMemory) noteRefreshed(key string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.refreshed == nil {
		m.refreshed = map[string]bool{}
	}
	m.refreshed[key] = true
}

// refreshedHere reports whether a refresh in this process planned the file key names: then
// this process is a plan's, and no apply follows in it.
func (m *uaMemory) refreshedHere(key string) bool {
	if m == nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.refreshed[key]
}

// fileInMemory reports whether the file key names is parsed, or being parsed.
func (m *uaMemory) fileInMemory(key string) bool {
	if m == nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.file != nil && key == m.fileKey
}

// uaPlanKey identifies the users pushed (by their digest, and the settings they were pushed
// with) and the settings of the users declared, which with the declared users' table make
// a plan: the apply plans again what the plan did, in the same process.
func uaPlanKey(prior userAttributesModel, priorTypes map[string]string, desired userattrs.TableConfig) string {
	return prior.UsersSHA256.ValueString() + "\x00" + uaFileKey("", prior.UserIDProperty.ValueString(), priorTypes) +
		"\x00" + uaFileKey("", desired.UserIDProperty, desired.Types)
}

func (m *uaMemory) cachedPlan(key string, to *userattrs.Table) (userattrs.Plan, bool) {
	if m == nil {
		return userattrs.Plan{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.plan, key == m.planKey && to == m.planTo
}

func (m *uaMemory) cachePlan(key string, to *userattrs.Table, p userattrs.Plan) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.planKey, m.planTo, m.plan = key, to, p
}

func (m *uaMemory) cachedPrior(digest string) (map[string]map[string]string, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if digest == "" || digest != m.priorDigest {
		return nil, false
	}
	return m.priorUsers, true
}

func (m *uaMemory) cachePrior(digest string, users map[string]map[string]string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.priorDigest, m.priorUsers = digest, users
}
