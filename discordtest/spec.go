package discordtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specRelPath is where the spec lives relative to a directory above the
// working directory.
const specRelPath = "shared/discord/openapi.json"

// Spec is Discord's OpenAPI document, ready to validate request bodies.
// Schemas are compiled lazily, once per operation, and cached;
// a Spec is safe for concurrent use.
//
// What it checks, and what it cannot:
//   - Schemas are JSON Schema 2020-12 (OpenAPI 3.1's default dialect).
//     Discord's extensions such as "x-discord-union" are ignored; its
//     unions are plain anyOf/oneOf, so they validate as written.
//   - Standard "format"s (uri, date-time, ...) are asserted, since Discord
//     rejects malformed URLs; OpenAPI's int32/int64/double and Discord's
//     snowflake/nonce formats are annotations only (snowflakes carry a
//     pattern, limits carry minimum/maximum).
//   - Permission bitfields (default_member_permissions, permissions, allow,
//     deny) sent as decimal strings, Discord's documented wire format and
//     what discordgo sends, are read as the integers the spec declares, so
//     their bounds still apply; any other string is still rejected.
//   - The spec gives command and option names only a length (1-32), not
//     Discord's lowercase/no-space rule, so such names are not rejected.
//   - Unknown properties are always allowed (the spec never forbids them),
//     so a misspelt optional field goes unnoticed.
type Spec struct {
	path string
	doc  map[string]any
	ops  []operation

	mu       sync.Mutex // guards compiler (not concurrency-safe) and cache
	compiler *jsonschema.Compiler
	cache    map[string]*jsonschema.Schema // JSON pointer → compiled schema
}

// operation is one method on one path template of the spec.
type operation struct {
	method   string // upper case
	template string // e.g. "/applications/{application_id}/commands"
	id       string // operationId
	segs     []string
	// jsonSchema is the JSON pointer of the application/json request body
	// schema, "" when the operation takes no JSON body.
	jsonSchema   string
	bodyRequired bool
}

// LoadSpec reads and prepares the OpenAPI document at path.
func LoadSpec(path string) (*Spec, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// jsonschema.UnmarshalJSON keeps numbers as json.Number, so bounds like
	// 18014398509481983 survive exactly.
	raw, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("discordtest: parsing %s: %w", path, err)
	}
	doc, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("discordtest: %s is not a JSON object", path)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		return nil, fmt.Errorf("discordtest: %s: openapi version %q, want 3.1.x (schemas are read as JSON Schema 2020-12)", path, v)
	}
	if d, ok := doc["jsonSchemaDialect"].(string); ok && d != "https://spec.openapis.org/oas/3.1/dialect/base" &&
		!strings.HasPrefix(d, "https://json-schema.org/draft/2020-12/") {
		return nil, fmt.Errorf("discordtest: %s: unsupported jsonSchemaDialect %q", path, d)
	}

	c := jsonschema.NewCompiler()
	// OpenAPI 3.1's default dialect is JSON Schema 2020-12 plus annotation-
	// only OAS keywords; unknown keywords (x-discord-union, discriminator)
	// are ignored, which is what the OAS dialect says for validation.
	c.DefaultDraft(jsonschema.Draft2020)
	// In 2020-12 "format" is only an annotation unless asserted. Discord
	// does reject malformed URLs and timestamps, so assert the standard
	// formats (uri, date-time, ...); OpenAPI's own formats (int32, int64,
	// double, snowflake, nonce) are unknown to the library and stay
	// annotations, the spec's explicit minimum/maximum/pattern cover them.
	c.AssertFormat()
	if err := c.AddResource(abs, doc); err != nil {
		return nil, fmt.Errorf("discordtest: %s: %w", path, err)
	}
	sp := &Spec{path: abs, doc: doc, compiler: c, cache: map[string]*jsonschema.Schema{}}
	if err := sp.indexOperations(); err != nil {
		return nil, fmt.Errorf("discordtest: %s: %w", path, err)
	}
	return sp, nil
}

func (sp *Spec) indexOperations() error {
	paths, ok := sp.doc["paths"].(map[string]any)
	if !ok {
		return errors.New("no paths object")
	}
	for tmpl, v := range paths {
		item, _ := v.(map[string]any)
		for _, m := range []string{"get", "put", "post", "patch", "delete", "head", "options", "trace"} {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			o := operation{method: strings.ToUpper(m), template: tmpl, segs: splitPath(tmpl)}
			o.id, _ = op["operationId"].(string)
			if rb, ok := op["requestBody"].(map[string]any); ok {
				ptr := "/paths/" + escapePtr(tmpl) + "/" + m + "/requestBody"
				// A requestBody may be a reference to components/requestBodies.
				if ref, ok := rb["$ref"].(string); ok {
					target, err := sp.resolveLocal(ref)
					if err != nil {
						return fmt.Errorf("%s %s: %w", o.method, tmpl, err)
					}
					rb, ptr = target, strings.TrimPrefix(ref, "#")
				}
				o.bodyRequired, _ = rb["required"].(bool)
				if content, ok := rb["content"].(map[string]any); ok {
					if _, ok := content["application/json"]; ok {
						o.jsonSchema = ptr + "/content/application~1json/schema"
					}
				}
			}
			sp.ops = append(sp.ops, o)
		}
	}
	// Deterministic order, so ties (which the spec should not have) resolve
	// the same way every run.
	sort.Slice(sp.ops, func(i, j int) bool {
		if sp.ops[i].template != sp.ops[j].template {
			return sp.ops[i].template < sp.ops[j].template
		}
		return sp.ops[i].method < sp.ops[j].method
	})
	return nil
}

// resolveLocal follows a "#/a/b" reference inside the document.
func (sp *Spec) resolveLocal(ref string) (map[string]any, error) {
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("unsupported reference %q", ref)
	}
	var cur any = sp.doc
	for _, tok := range strings.Split(ptr, "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("unresolvable reference %q", ref)
		}
		cur = m[tok]
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("unresolvable reference %q", ref)
	}
	return m, nil
}

func escapePtr(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

// FindSpec looks for shared/discord/openapi.json in the working directory
// and each of its parents (so ../shared, ../../shared, ../../../shared and
// further up are all found from a package folder like /work/main/bot) and
// returns its path, or "" when absent.
func FindSpec() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, filepath.FromSlash(specRelPath))
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// SpecOrSkip loads the spec found by FindSpec. When there is none it prints
// a loud SKIP line to stderr (so a silently unvalidated run is noticed in
// CI logs) and skips the test; when the spec exists but cannot be loaded the
// test fails.
func SpecOrSkip(t testing.TB) *Spec {
	t.Helper()
	path := FindSpec()
	if path == "" {
		msg := "SKIP " + t.Name() + ": Discord OpenAPI spec (../shared/discord/openapi.json) not found; payloads are NOT validated"
		fmt.Fprintln(os.Stderr, msg)
		t.Skip(msg)
		return nil
	}
	sp, err := LoadSpec(path)
	if err != nil {
		t.Fatalf("discordtest: %v", err)
		return nil
	}
	return sp
}

// findOperation returns the operation for method and an API-relative path.
// Literal segments beat parameters left to right, as OpenAPI requires
// ("concrete paths are matched before templated ones"): that is what makes
// ".../messages/@original" select its own operation instead of
// ".../messages/{message_id}".
func (sp *Spec) findOperation(method, path string) (*operation, error) {
	method = strings.ToUpper(method)
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if rel, ok := apiPath(path); ok {
		path = rel
	}
	segs := splitPath(path)
	for i, s := range segs {
		// Accept escaped paths too; a decoding error leaves the segment as is.
		if u, err := url.PathUnescape(s); err == nil {
			segs[i] = u
		}
	}
	var best *operation
	bestScore := -1
	for i := range sp.ops {
		o := &sp.ops[i]
		if o.method != method {
			continue
		}
		if _, score, ok := matchPattern(o.segs, segs); ok && score > bestScore {
			best, bestScore = o, score
		}
	}
	if best == nil {
		return nil, fmt.Errorf("discordtest: no operation in the Discord OpenAPI spec matches %s %s", method, path)
	}
	return best, nil
}

// compile returns the cached schema at a JSON pointer into the document.
func (sp *Spec) compile(ptr string) (*jsonschema.Schema, error) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sch, ok := sp.cache[ptr]; ok {
		return sch, nil
	}
	// Percent-encode each pointer token: templates contain "{", "}" and "@".
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		toks[i] = url.PathEscape(t)
	}
	sch, err := sp.compiler.Compile(sp.path + "#/" + strings.Join(toks, "/"))
	if err != nil {
		return nil, fmt.Errorf("discordtest: compiling schema %s: %w", ptr, err)
	}
	sp.cache[ptr] = sch
	return sch, nil
}

// ValidateRequest validates body against the application/json request body
// schema of the operation matching method and path. path is relative to
// the API base ("/applications/123/commands"; a leading "/api/v9" is
// stripped) and is matched against the spec's templates such as
// "/applications/{application_id}/commands". It returns an error naming the
// operation and listing each violation by JSON pointer; it also errors when
// no operation matches, when a required body is missing, or when a body is
// sent to an operation that takes no JSON.
//
// An HTTP interaction response (what a bot writes back to Discord's POST)
// is the same union as the callback endpoint's body, so it is checked with
// ValidateRequest("POST", "/interactions/1/t/callback", body). (The spec's
// component "InteractionResponse" is the interaction object Discord
// returns, not what a bot answers.)
func (sp *Spec) ValidateRequest(method, path string, body []byte) error {
	op, err := sp.findOperation(method, path)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s %s (%s)", op.method, op.template, op.id)
	empty := len(bytes.TrimSpace(body)) == 0
	switch {
	case op.jsonSchema == "" && empty:
		return nil
	case op.jsonSchema == "":
		return fmt.Errorf("discordtest: %s takes no JSON request body, got %s", name, truncate(string(body), 200))
	case empty && op.bodyRequired:
		return fmt.Errorf("discordtest: %s requires a request body", name)
	case empty:
		return nil
	}
	sch, err := sp.compile(op.jsonSchema)
	if err != nil {
		return err
	}
	return validateDoc(sch, name+" request body", body)
}

func validateDoc(sch *jsonschema.Schema, what string, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("discordtest: %s is not valid JSON: %v", what, err)
	}
	inst = numberPermissions(inst)
	err = sch.Validate(inst)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("discordtest: %s: %w", what, err)
	}
	return fmt.Errorf("discordtest: %s does not match the Discord OpenAPI spec:\n\t%s",
		what, strings.Join(describe(verr), "\n\t"))
}

// ValidateAll validates every request in reqs that carries a JSON document
// (an application/json body, or the payload_json part of a multipart
// upload) and reports each invalid one with t.Errorf, including requests
// whose endpoint is not in the spec at all. It returns how many requests
// were validated.
func (sp *Spec) ValidateAll(t testing.TB, reqs []Request) int {
	t.Helper()
	n := 0
	for i, r := range reqs {
		body, ok := requestJSON(r)
		if !ok {
			continue
		}
		n++
		if err := sp.ValidateRequest(r.Method, r.Path, body); err != nil {
			t.Errorf("request #%d %s %s: %v\n\tbody: %s", i, r.Method, r.Path, err, truncate(string(body), 500))
		}
	}
	return n
}

// requestJSON extracts the JSON document of a recorded request, if any.
func requestJSON(r Request) ([]byte, bool) {
	if len(bytes.TrimSpace(r.Body)) == 0 {
		return nil, false
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case ct == "":
		// No declared type: treat it as JSON only if it looks like JSON.
		b := bytes.TrimSpace(r.Body)
		return r.Body, b[0] == '{' || b[0] == '['
	case err != nil:
		return nil, false
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return r.Body, true
	case mt == "multipart/form-data":
		p := jsonPayload(r)
		return p, len(bytes.TrimSpace(p)) > 0
	}
	return nil, false
}

// numberPermissions turns decimal-string permission bitfields into numbers.
// Discord documents every permission field as "a string-serialized
// integer" and accepts that form (discordgo always sends
// default_member_permissions as "8"), but the OpenAPI spec types these
// fields as integers. Converting only digit strings under the permission
// keys keeps the spec's bounds checks while not failing every bot that
// sends the documented wire format; any other string still fails.
func numberPermissions(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, val := range v {
			if str, ok := val.(string); ok && isPermissionKey(k) && isDecimal(str) {
				v[k] = json.Number(str)
				continue
			}
			v[k] = numberPermissions(val)
		}
	case []any:
		for i, val := range v {
			v[i] = numberPermissions(val)
		}
	}
	return v
}

func isPermissionKey(k string) bool {
	switch k {
	case "default_member_permissions", "permissions", "allow", "deny":
		return true
	}
	return false
}

func isDecimal(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
