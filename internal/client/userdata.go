package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
)

const userDataPath = "/public/v1/user/data"

type userDataBody struct {
	Token string           `json:"token"`
	Data  []map[string]any `json:"data"`
}

// PushUserData sends 1 to MaxUserDataRecords records to the End User Update
// API under the integration's token. Pushing the same records again leaves the
// same result, so the call is retried like a read.
func (c *Client) PushUserData(ctx context.Context, integrationToken string, records []map[string]any) error {
	if err := validateUserData(integrationToken, records); err != nil {
		return err
	}
	r := c.newRequest(http.MethodPost, userDataPath, permUserData)
	r.body = userDataBody{Token: integrationToken, Data: records}
	r.secrets = []string{integrationToken}
	if _, err := c.do(ctx, r); err != nil {
		return fmt.Errorf("pushing %d user data records: %w", len(records), err)
	}
	return nil
}

// PushEmptyUserData sends the empty post ("data": []) that WalkMe's End User Update article
// asks for once an integration is set up, so that the integration's fields become available
// for segmentation. It changes no user.
func (c *Client) PushEmptyUserData(ctx context.Context, integrationToken string) error {
	if integrationToken == "" {
		return errors.New("integration token is empty")
	}
	r := c.newRequest(http.MethodPost, userDataPath, permUserData)
	r.body = userDataBody{Token: integrationToken, Data: []map[string]any{}}
	r.secrets = []string{integrationToken}
	if _, err := c.do(ctx, r); err != nil {
		return fmt.Errorf("sending the empty post: %w", err)
	}
	return nil
}

func validateUserData(integrationToken string, records []map[string]any) error {
	if integrationToken == "" {
		return errors.New("integration token is empty")
	}
	if len(records) == 0 || len(records) > MaxUserDataRecords {
		return fmt.Errorf("%d user data records in one request; WalkMe accepts 1 to %d", len(records), MaxUserDataRecords)
	}
	for i, rec := range records {
		if len(rec) == 0 {
			return fmt.Errorf("user data record %d is empty", i)
		}
		if path, ok := findNull(rec, ""); ok {
			return fmt.Errorf("user data record %d: %s is null; WalkMe ignores a whole request that contains a null", i, path)
		}
	}
	return nil
}

// findNull returns the path of the first value (in key order) that JSON would
// encode as null.
func findNull(v any, path string) (string, bool) {
	if v == nil {
		return quotePath(path), true
	}
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := findNull(t[k], joinKey(path, k)); ok {
				return p, true
			}
		}
		return "", false
	case []any:
		for i, e := range t {
			if p, ok := findNull(e, fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, true
			}
		}
		return "", false
	}
	return findNullReflect(reflect.ValueOf(v), path)
}

// findNullReflect covers typed values: nil pointers, maps and slices encode as
// null too.
func findNullReflect(rv reflect.Value, path string) (string, bool) {
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return quotePath(path), true
		}
		return findNull(rv.Elem().Interface(), path)
	case reflect.Map:
		if rv.IsNil() {
			return quotePath(path), true
		}
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			if p, ok := findNull(rv.MapIndex(k).Interface(), joinKey(path, fmt.Sprint(k))); ok {
				return p, true
			}
		}
	case reflect.Slice:
		if rv.IsNil() {
			return quotePath(path), true
		}
		fallthrough
	case reflect.Array:
		for i := range rv.Len() {
			if p, ok := findNull(rv.Index(i).Interface(), fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, true
			}
		}
	}
	return "", false
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func quotePath(path string) string {
	if path == "" {
		return "the record"
	}
	return fmt.Sprintf("%q", strings.TrimPrefix(path, "."))
}
