package discordtest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"
)

// route is one default REST handler. Patterns use "{name}" for a path
// parameter that matches any single segment.
type route struct {
	method  string
	pattern string
	handle  func(req Request, p map[string]string) (status int, body any)
}

func (s *Server) defaultRoutes() []route {
	return []route{
		{"GET", "/gateway", s.getGateway},
		{"GET", "/gateway/bot", s.getGateway},
		{"GET", "/oauth2/applications/@me", s.getApplication},
		{"GET", "/applications/@me", s.getApplication},
		{"GET", "/users/@me", func(Request, map[string]string) (int, any) { return http.StatusOK, s.botUser() }},

		{"GET", "/applications/{app}/commands", s.listCommands},
		{"PUT", "/applications/{app}/commands", s.putCommands},
		{"POST", "/applications/{app}/commands", s.postCommand},
		{"DELETE", "/applications/{app}/commands/{command}", s.deleteCommand},
		{"GET", "/applications/{app}/guilds/{guild}/commands", s.listCommands},
		{"PUT", "/applications/{app}/guilds/{guild}/commands", s.putCommands},
		{"POST", "/applications/{app}/guilds/{guild}/commands", s.postCommand},
		{"DELETE", "/applications/{app}/guilds/{guild}/commands/{command}", s.deleteCommand},

		{"POST", "/interactions/{id}/{token}/callback", s.interactionCallback},
		{"GET", "/webhooks/{app}/{token}/messages/@original", s.getOriginal},
		{"PATCH", "/webhooks/{app}/{token}/messages/@original", s.patchOriginal},
		{"DELETE", "/webhooks/{app}/{token}/messages/@original", s.deleteOriginal},
		{"PATCH", "/webhooks/{app}/{token}/messages/{message}", s.patchWebhookMessage},
		{"DELETE", "/webhooks/{app}/{token}/messages/{message}", noContent},
		{"POST", "/webhooks/{app}/{token}", s.executeWebhook},
		{"POST", "/channels/{channel}/messages", s.createMessage},
	}
}

// route picks the handler; among patterns matching the path, literal
// segments win over parameters, so ".../messages/@original" is not taken
// for ".../messages/{message}".
func (s *Server) route(req Request) (int, any) {
	segs := splitPath(req.Path)
	var (
		best       *route
		bestParams map[string]string
		bestScore  = -1
		pathKnown  bool
	)
	for i := range s.routes {
		r := &s.routes[i]
		params, score, ok := matchPattern(splitPath(r.pattern), segs)
		if !ok {
			continue
		}
		pathKnown = true
		if r.method == req.Method && score > bestScore {
			best, bestParams, bestScore = r, params, score
		}
	}
	switch {
	case best != nil:
		return best.handle(req, bestParams)
	case pathKnown:
		return http.StatusMethodNotAllowed, apiError("405: Method Not Allowed", 0)
	default:
		return http.StatusNotFound, apiError("404: Not Found", 0)
	}
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// matchPattern matches path segments against pattern segments; score is a
// bitmask of literal positions (leftmost most significant), so among
// matches the one with literals furthest left and most literals wins.
func matchPattern(pattern, segs []string) (params map[string]string, score int, ok bool) {
	if len(pattern) != len(segs) {
		return nil, 0, false
	}
	params = map[string]string{}
	for i, p := range pattern {
		score <<= 1
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if segs[i] == "" {
				return nil, 0, false
			}
			params[p[1:len(p)-1]] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, 0, false
		}
		score |= 1
	}
	return params, score, true
}

func noContent(Request, map[string]string) (int, any) { return http.StatusNoContent, nil }

func (s *Server) getGateway(Request, map[string]string) (int, any) {
	return http.StatusOK, map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1,
		},
	}
}

func (s *Server) getApplication(Request, map[string]string) (int, any) {
	return http.StatusOK, map[string]any{
		"id":                     s.opts.AppID,
		"name":                   "summitbot",
		"icon":                   nil,
		"description":            "",
		"bot_public":             true,
		"bot_require_code_grant": false,
		"verify_key":             "",
		"flags":                  0,
		"bot":                    s.botUser(),
	}
}

// checkApp rejects another application's ID like Discord does, so a bot
// that registers commands under the wrong ID fails its tests.
func (s *Server) checkApp(p map[string]string) (int, any, bool) {
	if p["app"] != s.opts.AppID {
		return http.StatusForbidden, apiError("You are not authorized to perform this action on this application", 20012), false
	}
	return 0, nil, true
}

func commandScope(p map[string]string) string {
	if g, ok := p["guild"]; ok {
		return "guild:" + g
	}
	return "global"
}

// completeCommand fills in what Discord adds to a registered command.
func (s *Server) completeCommand(cmd map[string]any, p map[string]string, id string) map[string]any {
	out := make(map[string]any, len(cmd)+4)
	for k, v := range cmd {
		out[k] = v
	}
	out["id"] = id
	out["application_id"] = s.opts.AppID
	out["version"] = s.newID()
	if _, ok := out["type"]; !ok {
		out["type"] = 1
	}
	if _, ok := out["description"]; !ok {
		out["description"] = ""
	}
	if g, ok := p["guild"]; ok {
		out["guild_id"] = g
	}
	return out
}

// commandKey identifies a command within a scope, as Discord does.
func commandKey(cmd map[string]any) string {
	t, _ := json.Marshal(cmd["type"])
	if cmd["type"] == nil {
		t = []byte("1")
	}
	name, _ := cmd["name"].(string)
	return string(t) + "/" + name
}

func (s *Server) listCommands(_ Request, p map[string]string) (int, any) {
	if st, body, ok := s.checkApp(p); !ok {
		return st, body
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return http.StatusOK, nonNil(s.commands[commandScope(p)])
}

func nonNil(cmds []map[string]any) []map[string]any {
	if cmds == nil {
		return []map[string]any{}
	}
	return cmds
}

// putCommands implements bulk overwrite: the array replaces the scope's
// commands, keeping the IDs of commands that already existed by name.
func (s *Server) putCommands(req Request, p map[string]string) (int, any) {
	if st, body, ok := s.checkApp(p); !ok {
		return st, body
	}
	var cmds []map[string]any
	if err := json.Unmarshal(jsonPayload(req), &cmds); err != nil {
		return http.StatusBadRequest, apiError("Invalid Form Body", 50035)
	}
	scope := commandScope(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	existing := map[string]string{}
	for _, c := range s.commands[scope] {
		existing[commandKey(c)], _ = c["id"].(string)
	}
	out := make([]map[string]any, 0, len(cmds))
	for _, c := range cmds {
		id, ok := existing[commandKey(c)]
		if !ok {
			id = s.newID()
		}
		out = append(out, s.completeCommand(c, p, id))
	}
	s.commands[scope] = out
	return http.StatusOK, out
}

func (s *Server) postCommand(req Request, p map[string]string) (int, any) {
	if st, body, ok := s.checkApp(p); !ok {
		return st, body
	}
	var cmd map[string]any
	if err := json.Unmarshal(jsonPayload(req), &cmd); err != nil || cmd == nil {
		return http.StatusBadRequest, apiError("Invalid Form Body", 50035)
	}
	scope := commandScope(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	// Copy on write: earlier responses may still be encoding the old slice.
	cmds := append([]map[string]any(nil), s.commands[scope]...)
	key := commandKey(cmd)
	for i, c := range cmds {
		if commandKey(c) == key {
			id, _ := c["id"].(string)
			cmds[i] = s.completeCommand(cmd, p, id)
			s.commands[scope] = cmds
			return http.StatusOK, cmds[i]
		}
	}
	c := s.completeCommand(cmd, p, s.newID())
	s.commands[scope] = append(cmds, c)
	return http.StatusCreated, c
}

func (s *Server) deleteCommand(_ Request, p map[string]string) (int, any) {
	if st, body, ok := s.checkApp(p); !ok {
		return st, body
	}
	scope := commandScope(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, c := range s.commands[scope] {
		if c["id"] == p["command"] {
			s.commands[scope] = append(s.commands[scope][:i:i], s.commands[scope][i+1:]...)
			return http.StatusNoContent, nil
		}
	}
	return http.StatusNotFound, apiError("Unknown application command", 10063)
}

// interactionCallback answers 204 like Discord (without ?with_response)
// and remembers a message response as the token's @original.
func (s *Server) interactionCallback(req Request, p map[string]string) (int, any) {
	var cb struct {
		Type int            `json:"type"`
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(jsonPayload(req), &cb); err != nil {
		return http.StatusBadRequest, apiError("Invalid Form Body", 50035)
	}
	switch cb.Type {
	case 4, 5: // CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
		msg := s.webhookMessage(p["token"], s.newID(), cb.Data)
		s.mu.Lock()
		s.originals[p["token"]] = msg
		s.mu.Unlock()
	}
	return http.StatusNoContent, nil
}

func (s *Server) getOriginal(_ Request, p map[string]string) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg, ok := s.originals[p["token"]]; ok {
		return http.StatusOK, msg
	}
	return http.StatusNotFound, apiError("Unknown Message", 10008)
}

func (s *Server) patchOriginal(req Request, p map[string]string) (int, any) {
	fields, err := messageFields(req)
	if err != nil {
		return http.StatusBadRequest, apiError("Invalid Form Body", 50035)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	msg, ok := s.originals[p["token"]]
	if !ok {
		msg = s.webhookMessageLocked(p["token"], s.newID(), nil)
	}
	msg = mergeMessage(msg, fields)
	s.originals[p["token"]] = msg
	return http.StatusOK, msg
}

func (s *Server) deleteOriginal(_ Request, p map[string]string) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.originals, p["token"])
	return http.StatusNoContent, nil
}

func (s *Server) patchWebhookMessage(req Request, p map[string]string) (int, any) {
	fields, err := messageFields(req)
	if err != nil {
		return http.StatusBadRequest, apiError("Invalid Form Body", 50035)
	}
	return http.StatusOK, s.webhookMessage(p["token"], p["message"], fields)
}

// executeWebhook always returns the message, as with ?wait=true (discordgo
// copes with both that and Discord's 204 for wait=false).
func (s *Server) executeWebhook(req Request, p map[string]string) (int, any) {
	fields, err := messageFields(req)
	if err != nil {
		return http.StatusBadRequest, apiError("Invalid Form Body", 50035)
	}
	return http.StatusOK, s.webhookMessage(p["token"], s.newID(), fields)
}

func (s *Server) createMessage(req Request, p map[string]string) (int, any) {
	fields, err := messageFields(req)
	if err != nil {
		return http.StatusBadRequest, apiError("Invalid Form Body", 50035)
	}
	msg := s.baseMessage(s.newID(), p["channel"])
	return http.StatusOK, mergeMessage(msg, fields)
}

func (s *Server) webhookMessage(token, id string, fields map[string]any) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookMessageLocked(token, id, fields)
}

func (s *Server) webhookMessageLocked(token, id string, fields map[string]any) map[string]any {
	ch, ok := s.channels[token]
	if !ok {
		ch = defaultChannelID
	}
	msg := s.baseMessage(id, ch)
	msg["webhook_id"] = s.opts.AppID
	msg["application_id"] = s.opts.AppID
	return mergeMessage(msg, fields)
}

func (s *Server) baseMessage(id, channelID string) map[string]any {
	return map[string]any{
		"id":               id,
		"channel_id":       channelID,
		"type":             0,
		"content":          "",
		"embeds":           []any{},
		"components":       []any{},
		"attachments":      []any{},
		"mentions":         []any{},
		"mention_roles":    []any{},
		"mention_everyone": false,
		"pinned":           false,
		"tts":              false,
		"flags":            0,
		"timestamp":        time.Now().UTC().Format(time.RFC3339Nano),
		"edited_timestamp": nil,
		"author":           s.botUser(),
	}
}

// mergeMessage copies the fields of a create/edit body that a message
// object echoes back; it returns a new map so stored messages stay
// immutable once handed to the encoder.
func mergeMessage(msg, fields map[string]any) map[string]any {
	out := make(map[string]any, len(msg))
	for k, v := range msg {
		out[k] = v
	}
	for _, k := range []string{"content", "embeds", "components", "flags", "tts", "poll"} {
		if v, ok := fields[k]; ok && v != nil {
			out[k] = v
		}
	}
	return out
}

func messageFields(req Request) (map[string]any, error) {
	body := jsonPayload(req)
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	var fields map[string]any
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	return fields, nil
}

// jsonPayload returns the JSON document of a request: the body itself, or
// the payload_json part of a multipart upload (how discordgo sends files).
func jsonPayload(req Request) []byte {
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return req.Body
	}
	mr := multipart.NewReader(bytes.NewReader(req.Body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil
		}
		if part.FormName() == "payload_json" {
			data, err := io.ReadAll(part)
			if err != nil {
				return nil
			}
			return data
		}
	}
}
