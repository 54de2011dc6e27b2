// Package notification holds what the walkme_send_notification action and the
// walkme_notification resource share: the model, its validation, date normalisation and
// the request sent to WalkMe's Workstation Notifications API. It imports no Terraform
// package; problems name the Terraform attributes so the provider can attach them.
package notification

import (
	"fmt"
	"strings"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

// Attribute names, shared with the Terraform schemas.
const (
	AttrSystemID           = "system_id"
	AttrTemplateID         = "template_id"
	AttrEndUserIDs         = "end_user_ids"
	AttrAudienceIDs        = "audience_ids"
	AttrType               = "type"
	AttrTitle              = "title"
	AttrRuntimeTitle       = "runtime_title"
	AttrRuntimeDescription = "runtime_description"
	AttrStartAt            = "start_at"
	AttrEndAt              = "end_at"
	AttrOverrides          = "overrides"
)

// Notification types as WalkMe documents them (lower case).
const (
	TypePush  = "push"
	TypePopup = "popup"
)

// MaxEndUsers is WalkMe's limit of end user IDs per notification.
const MaxEndUsers = client.MaxNotificationEndUsers

// RecommendedMaxEndUsers is the count beyond which WalkMe recommends an audience.
const RecommendedMaxEndUsers = 10

// DefaultDurationDays is how many days WalkMe shows a notification when endAt is omitted.
const DefaultDurationDays = 30

// Model is one notification as configured. A nil pointer or an empty list or map is an
// attribute left out: it is not sent.
type Model struct {
	SystemID           *string
	TemplateID         *string // required
	EndUserIDs         []string
	AudienceIDs        []string
	Type               *string
	Title              *string
	RuntimeTitle       *string
	RuntimeDescription *string
	StartAt            *string
	EndAt              *string
	Overrides          map[string]string
	// NullOverrideKeys are keys whose value is null: Terraform maps may hold nulls, and
	// sending "" instead would change the user's value silently.
	NullOverrideKeys []string

	// Unknown names attributes whose value (or any element of it) is not known yet, at
	// plan time. Their checks wait until the values are known.
	Unknown map[string]bool
}

// Severity of a Problem.
type Severity int

// Severities.
const (
	SeverityError Severity = iota
	SeverityWarning
)

// Problem is one finding of Validate. It names the attribute (and the list element or
// map key) it is about; Detail names the offending value.
type Problem struct {
	Severity  Severity
	Attribute string
	HasIndex  bool // the problem is about list element Index
	Index     int
	HasKey    bool // the problem is about map element Key
	Key       string
	Summary   string
	Detail    string
}

func (p Problem) String() string {
	return p.Summary + ": " + p.Detail
}

// Problems is the result of Validate.
type Problems []Problem

// HasErrors reports whether any problem is an error (not a warning).
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Err joins the errors into one error, or returns nil when there is none.
func (ps Problems) Err() error {
	var msgs []string
	for _, p := range ps {
		if p.Severity == SeverityError {
			msgs = append(msgs, p.String())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid notification: %s", strings.Join(msgs, "; "))
}

// Describe is the progress line shown before a send, e.g.
// "Sending notification to 3 end users and 1 audience".
func Describe(endUsers, audiences int) string {
	return "Sending notification to " + Recipients(endUsers, audiences)
}

// Recipients is "3 end users and 1 audience", "1 end user", "2 audiences".
func Recipients(endUsers, audiences int) string {
	var parts []string
	if endUsers > 0 {
		parts = append(parts, plural(endUsers, "end user", "end users"))
	}
	if audiences > 0 {
		parts = append(parts, plural(audiences, "audience", "audiences"))
	}
	return strings.Join(parts, " and ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
