package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/walkme-community/terraform-provider-walkme/internal/userattrs"
)

// uaParsed remembers the last users file parsed and the last pushed users decoded in this
// provider process. `terraform apply` plans the resource again and applies it in the same
// process, so at 100,000 users this saves the apply a second parse; the entries are only
// used for the very same bytes and settings.
var uaParsed struct {
	mu sync.Mutex
	// file: key = raw digest + user ID property + attribute types
	fileKey string
	file    *uaParse
	// plan: key = uaPlanKey, for the plan against users stored in private state
	planKey string
	plan    userattrs.Plan
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

// uaParseOnce returns the parse of the file key names, which parse makes (once, however
// many callers ask at the same time) unless it is in memory. A failed parse is not kept:
// its error names the file, which key does not.
func uaParseOnce(key string, parse func() (*userattrs.Table, error)) (*userattrs.Table, error) {
	uaParsed.mu.Lock()
	if f := uaParsed.file; f != nil && key == uaParsed.fileKey {
		uaParsed.mu.Unlock()
		<-f.done
		if f.err == nil {
			return f.table, nil
		}
		return parse()
	}
	f := &uaParse{done: make(chan struct{})}
	uaParsed.fileKey, uaParsed.file = key, f
	uaParsed.mu.Unlock()
	f.table, f.err = parse()
	close(f.done)
	if f.err != nil {
		uaParsed.mu.Lock()
		if uaParsed.file == f {
			uaParsed.fileKey, uaParsed.file = "", nil
		}
		uaParsed.mu.Unlock()
	}
	return f.table, f.err
}

// uaFileInMemory reports whether the file key names is parsed, or being parsed.
func uaFileInMemory(key string) bool {
	uaParsed.mu.Lock()
	defer uaParsed.mu.Unlock()
	return uaParsed.file != nil && key == uaParsed.fileKey
}

// uaPlanKey identifies the plan from the users pushed (by their digest, and the settings
// they were pushed with) to a users file's table: the apply plans again what the plan
// did, in the same process.
func uaPlanKey(prior userAttributesModel, priorTypes map[string]string, desired userattrs.TableConfig) string {
	return fmt.Sprintf("%s\x00%p\x00%s", prior.UsersSHA256.ValueString(), desired.Users,
		uaFileKey("", prior.UserIDProperty.ValueString(), priorTypes))
}

func uaCachedPlan(key string) (userattrs.Plan, bool) {
	uaParsed.mu.Lock()
	defer uaParsed.mu.Unlock()
	return uaParsed.plan, key == uaParsed.planKey
}

func uaCachePlan(key string, p userattrs.Plan) {
	uaParsed.mu.Lock()
	defer uaParsed.mu.Unlock()
	uaParsed.planKey, uaParsed.plan = key, p
}

func uaCachedPrior(digest string) (map[string]map[string]string, bool) {
	uaParsed.mu.Lock()
	defer uaParsed.mu.Unlock()
	if digest == "" || digest != uaParsed.priorDigest {
		return nil, false
	}
	return uaParsed.priorUsers, true
}

func uaCachePrior(digest string, users map[string]map[string]string) {
	uaParsed.mu.Lock()
	defer uaParsed.mu.Unlock()
	uaParsed.priorDigest, uaParsed.priorUsers = digest, users
}
