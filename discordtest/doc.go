// Package discordtest is to Discord what net/http/httptest is to HTTP: it
// starts a fake Discord (REST API and gateway websocket) on loopback for
// end-to-end tests of a bot, and validates the request payloads the bot sent
// against Discord's official OpenAPI specification.
//
// A typical test:
//
//	srv := discordtest.NewServer(t, discordtest.Options{})
//	// Point the bot's HTTP client at srv.APIURL() instead of
//	// "https://discord.com/api/v9"; the gateway URL is discovered through
//	// GET /gateway, which the fake answers with srv.GatewayURL().
//	// ... start the bot (and defer closing it), then:
//	srv.WaitIdentify(t, 1, 5*time.Second)
//	srv.Dispatch(t, "INTERACTION_CREATE", interaction)
//	srv.WaitRequest(t, 5*time.Second, func(r discordtest.Request) bool {
//		return strings.HasSuffix(r.Path, "/callback")
//	})
//	spec := discordtest.SpecOrSkip(t)
//	spec.ValidateAll(t, srv.Requests())
//
// # REST
//
// The fake is deliberately small. Under /api/v{N} it answers, with JSON:
//
//   - GET /gateway, /gateway/bot: the websocket URL, 1 shard, a session start limit
//   - GET /applications/@me, /oauth2/applications/@me: the application
//   - GET /users/@me: the bot user
//   - GET, PUT (bulk overwrite), POST /applications/{app}/commands and the
//     /guilds/{guild}/commands variants, DELETE .../commands/{id}: commands
//     are stored and echoed with id, application_id and version; another
//     application's ID gets 403 (code 20012)
//   - POST /interactions/{id}/{token}/callback: 204; a message response
//     becomes the token's @original
//   - GET, PATCH, DELETE /webhooks/{app}/{token}/messages/@original, PATCH
//     .../messages/{id}, POST /webhooks/{app}/{token}: message objects
//   - POST /channels/{id}/messages: a message object
//
// Channel endpoints (/channels/{id}/...) answer 403 {"message":"Missing
// Access","code":50001}, as Discord does, for a channel out of the bot
// user's reach: one an INTERACTION_CREATE dispatch named in a private
// channel (context 2), in a server with no guild install among its
// authorizing_integration_owners (the app installed to the user only), or,
// with Options.Guilds set, in a server the bot has not joined. A bot that
// answers such interactions any other way than through the interaction's
// callback and webhook fails there, as it would on Discord.
//
// Anything else is 404 {"message":"404: Not Found","code":0} (405 for a
// known path with another method). Every request, including those, is
// recorded with its body. Server.SetResponder overrides any answer, e.g. to
// inject 429s or 5xxs.
//
// # Gateway
//
// The websocket at /gateway sends HELLO, acknowledges heartbeats, answers
// IDENTIFY with READY (s=1; each connection then numbers its dispatches),
// and answers RESUME with INVALID_SESSION (d=false), after which discordgo
// IDENTIFYs again on the same socket. So after Server.DropConnections a
// discordgo session with ShouldReconnectOnError comes back with a RESUME
// followed by a new IDENTIFY; discordgo waits about one second (a sleep in
// its Close) before redialling.
//
// Frames are plain-text JSON and never compressed, even when the client
// asks for zlib: discordgo (v0.29) decodes text frames as plain JSON and
// only inflates binary frames.
//
// # Validation
//
// Spec validates request bodies against the application/json request body
// schemas of Discord's OpenAPI 3.1 document (JSON Schema 2020-12) with
// github.com/santhosh-tekuri/jsonschema/v6; see Spec for the details that
// matter when reading its verdicts.
package discordtest
