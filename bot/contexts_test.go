package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/discordtest"
)

// The bot's own server; every other server has not added it.
const (
	ownServer   = "810000000000000001"
	otherServer = "810000000000000002"
	asker       = "810000000000000003"
)

// installContext is where a command was run, described as Discord
// describes it in the interaction (its documented numbers as literals):
// context 0 a server, 1 a DM with the bot, 2 a DM or group DM between
// users; authorizing_integration_owners 0 a server install (its guild
// id), 1 a user install (the user's id).
type installContext struct {
	name    string
	guild   string // "" outside servers
	member  bool   // member is set in servers, user elsewhere
	context int
	owners  map[string]string
	// reachable: the bot user can see the channel (the fake's 403 proves
	// the others).
	reachable bool
}

var installContexts = []installContext{
	{"server that added the bot", ownServer, true, 0, map[string]string{"0": ownServer}, true},
	{"DM with the bot", "", false, 1, map[string]string{"1": asker}, true},
	{"group DM", "", false, 2, map[string]string{"1": asker}, false},
	{"user install in a server without the bot", otherServer, true, 0, map[string]string{"1": asker}, false},
}

// in makes i come from the context, in channel ch.
func (c installContext) in(t *testing.T, i *discordgo.Interaction, ch string) *discordgo.Interaction {
	t.Helper()
	user := &discordgo.User{ID: asker, Username: "asker"}
	i.GuildID, i.ChannelID, i.Member, i.User = c.guild, ch, nil, nil
	if c.member {
		i.Member = &discordgo.Member{User: user, Permissions: discordgo.PermissionSendMessages | discordgo.PermissionManageGuild}
	} else {
		i.User = user
	}
	// Through JSON, as Discord sends it: context and owners as it writes them.
	raw, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["context"], m["authorizing_integration_owners"] = c.context, c.owners
	if raw, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	var out discordgo.Interaction
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// contextCase is one thing a user does in a context, and what it answers.
type contextCase struct {
	name    string
	make    func(t *testing.T) *discordgo.Interaction
	private bool
	// want is in the answer's data.
	want string
}

func cmdLine(line string) func(t *testing.T) *discordgo.Interaction {
	return func(t *testing.T) *discordgo.Interaction {
		t.Helper()
		i, err := ParseCommandLine(line, SimOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
}

var contextCases = []contextCase{
	{"ask", cmdLine("/ask question:Why did the Hanoi summit fail?"), false, `"embeds":[{`},
	{"search", cmdLine("/search query:sanctions"), false, `pg1|s|1|0||sanctions`},
	{"page button", func(*testing.T) *discordgo.Interaction {
		return ClickInteraction("pg1|s|1|0||sanctions", SimOptions{})
	}, false, "Page 2 of"},
	{"timeline", cmdLine("/timeline"), false, `"url":"attachment://timeline.png"`},
	{"help", cmdLine("/help"), true, "Find sources"},
	{"vote", func(*testing.T) *discordgo.Interaction {
		return ClickInteraction("fb1|u|hanoi|why|Why did the Hanoi summit fail?", SimOptions{})
	}, true, "Thanks — noted."},
	{"find sources", func(*testing.T) *discordgo.Interaction {
		return MessageCommandInteraction("The Hanoi talks ended without a deal over sanctions relief.", SimOptions{})
	}, true, "Sources for"},
}

// startGatewayIn starts a gateway bot against a fake Discord with fo.
func startGatewayIn(t *testing.T, s Searcher, deferAfter time.Duration, fo discordtest.Options) *discordtest.Server {
	t.Helper()
	fake := discordtest.NewServer(t, fo)
	sess, err := NewSession(SessionConfig{Token: "MTAw.fake.token", APIURL: fake.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	newGateway(New(s, Options{Burst: 1000}), sess, nil, deferAfter)
	if err := sess.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	fake.WaitIdentify(t, 1, 5*time.Second)
	return fake
}

// Every public command, the page buttons and the message command answer
// in every context a user can run them in: a server that added the bot, a
// DM with it, a group DM, and a server that did not add it where the user
// installed it. Every answer travels as the interaction's callback or an
// edit of its @original, valid for Discord; nothing goes to a channel
// endpoint, which the fake refuses (403 Missing Access) where the bot
// cannot see the channel. Ready answers and deferred ones alike.
func TestGatewayAnswersInEveryContext(t *testing.T) {
	for _, deferred := range []bool{false, true} {
		t.Run(fmt.Sprintf("deferred=%v", deferred), func(t *testing.T) {
			f := newFake()
			deferAfter := time.Hour
			if deferred {
				// Every search waits until every deferral is out.
				f.hold, deferAfter = make(chan struct{}), time.Millisecond
			}
			fake := startGatewayIn(t, f, deferAfter, discordtest.Options{Guilds: []string{ownServer}})
			type sent struct {
				c     installContext
				cc    contextCase
				id    string
				ch    string
				holds bool
			}
			var all []sent
			n := 0
			for ci, c := range installContexts {
				ch := fmt.Sprintf("82000000000000000%d", ci)
				for _, cc := range contextCases {
					n++
					id := fmt.Sprintf("8300000000000%05d", n)
					i := c.in(t, cc.make(t), ch)
					i.ID, i.Token, i.AppID = id, "tok-"+id, fake.AppID()
					fake.Dispatch(t, "INTERACTION_CREATE", i)
					all = append(all, sent{c, cc, id, ch, cc.name != "help" && cc.name != "timeline" && cc.name != "vote"}) // these do not search
				}
			}
			if deferred {
				for _, s := range all {
					if s.holds {
						cb := fake.WaitRequest(t, 10*time.Second, callbackOf(s.id))
						if !strings.Contains(string(cb.Body), `"type":5`) && !strings.Contains(string(cb.Body), `"type":6`) {
							t.Errorf("%s, %s: a held answer defers first: %s", s.c.name, s.cc.name, cb.Body)
						}
						if s.cc.private && !strings.Contains(string(cb.Body), `"flags":64`) {
							t.Errorf("%s, %s: the deferral of a private answer is private: %s", s.c.name, s.cc.name, cb.Body)
						}
					}
				}
				close(f.hold)
			}
			for _, s := range all {
				a := fake.WaitAnswer(t, 30*time.Second, s.id, "tok-"+s.id)
				checkContextAnswer(t, s.c.name+", "+s.cc.name, a, s.cc)
				if deferred && s.holds && !a.Deferred {
					t.Errorf("%s, %s: not deferred", s.c.name, s.cc.name)
				}
			}
			for ci, c := range installContexts {
				if ch := fmt.Sprintf("82000000000000000%d", ci); fake.OutOfReach(ch) == c.reachable {
					t.Errorf("%s: the fake takes channel %s for reachable %v, want %v", c.name, ch, !fake.OutOfReach(ch), c.reachable)
				}
			}
			checkInteractionTraffic(t, fake.Requests())
		})
	}
}

// checkContextAnswer checks one answer: a message (an update for a
// button), private as the command says, pinging nobody, carried by the
// interaction's own endpoints.
func checkContextAnswer(t *testing.T, what string, a discordtest.Answer, cc contextCase) {
	t.Helper()
	wantType := 4
	if cc.name == "page button" {
		wantType = 7
	}
	var data struct {
		Flags           int `json:"flags"`
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(a.Data, &data); err != nil {
		t.Fatalf("%s: %v: %s", what, err, a.Data)
	}
	if a.Type != wantType || !strings.Contains(string(a.Data), cc.want) {
		t.Errorf("%s: type %d, want %d with %q: %.300s", what, a.Type, wantType, cc.want, a.Data)
	}
	if cc.private && data.Flags&64 == 0 && !a.Deferred {
		t.Errorf("%s: not private (flags %d)", what, data.Flags)
	}
	if data.AllowedMentions == nil || data.AllowedMentions.Parse == nil || len(data.AllowedMentions.Parse) != 0 {
		t.Errorf("%s: allowed_mentions %s, want parse []", what, a.Data)
	}
	if p := a.Carrier.Path; !strings.HasPrefix(p, "/interactions/") && !strings.HasPrefix(p, "/webhooks/") {
		t.Errorf("%s: answered through %s %s", what, a.Carrier.Method, p)
	}
}

// checkInteractionTraffic asserts that the bot spoke to Discord only
// through interaction callbacks and webhook edits, every payload valid.
func checkInteractionTraffic(t *testing.T, reqs []discordtest.Request) {
	t.Helper()
	for _, r := range reqs {
		switch {
		case strings.HasPrefix(r.Path, "/channels/"):
			t.Errorf("a channel endpoint was called: %s %s", r.Method, r.Path)
		case r.Method == http.MethodPost && strings.HasPrefix(r.Path, "/interactions/"):
		case r.Method == http.MethodPatch && strings.HasPrefix(r.Path, "/webhooks/"):
		case r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/gateway"):
		default:
			t.Errorf("unexpected request %s %s", r.Method, r.Path)
		}
	}
	if spec := discordtest.SpecOrSkip(t); spec != nil {
		sentBodies := slices.ContainsFunc(reqs, func(r discordtest.Request) bool { return r.Method != http.MethodGet })
		if n := spec.ValidateAll(t, reqs); n == 0 && sentBodies {
			t.Error("nothing validated")
		}
	}
}

// The HTTP interactions endpoint answers in every context too: the
// response body is the callback (validated as one; a deferral private
// when the answer is), a deferred answer an edit of @original, and no
// channel endpoint is ever called.
func TestHTTPAnswersInEveryContext(t *testing.T) {
	for _, deferred := range []bool{false, true} {
		t.Run(fmt.Sprintf("deferred=%v", deferred), func(t *testing.T) {
			fake := discordtest.NewServer(t, discordtest.Options{Guilds: []string{ownServer}})
			rest, err := NewSession(SessionConfig{APIURL: fake.APIURL()})
			if err != nil {
				t.Fatal(err)
			}
			f := newFake()
			deferAfter := time.Hour
			if deferred {
				f.hold, deferAfter = make(chan struct{}), time.Millisecond
			}
			key := newSigner(t)
			h := NewHTTPHandler(New(f, Options{Burst: 1000}), HTTPOptions{PublicKey: key.pub, Followup: rest, DeferAfter: deferAfter})
			spec := discordtest.SpecOrSkip(t)
			type edit struct {
				what, token string
				cc          contextCase
			}
			var edits []edit
			n := 0
			for ci, c := range installContexts {
				for _, cc := range contextCases {
					n++
					what := c.name + ", " + cc.name
					i := c.in(t, cc.make(t), fmt.Sprintf("84000000000000000%d", ci))
					i.ID, i.Token, i.AppID = fmt.Sprintf("8500000000000%05d", n), fmt.Sprintf("tok-h%d", n), fake.AppID()
					body, err := json.Marshal(i)
					if err != nil {
						t.Fatal(err)
					}
					w := httptest.NewRecorder()
					h.ServeHTTP(w, key.request(body, time.Now()))
					cb := discordtest.Request{Method: http.MethodPost, Path: "/interactions/" + i.ID + "/" + i.Token + "/callback", Header: w.Header(), Body: w.Body.Bytes()}
					if w.Code != http.StatusOK {
						t.Fatalf("%s: %d %s", what, w.Code, w.Body)
					}
					if spec != nil {
						if err := spec.ValidateRequest(cb.Method, cb.Path, cb.JSON()); err != nil {
							t.Errorf("%s: callback: %v", what, err)
						}
					}
					var first struct {
						Type int             `json:"type"`
						Data json.RawMessage `json:"data"`
					}
					if err := json.Unmarshal(cb.JSON(), &first); err != nil {
						t.Fatalf("%s: callback: %v: %s", what, err, cb.Body)
					}
					if first.Type == 5 || first.Type == 6 {
						// The deferral is all Discord shows until the edit:
						// a private answer's must be private already.
						var d struct {
							Flags int `json:"flags"`
						}
						if len(first.Data) > 0 {
							if err := json.Unmarshal(first.Data, &d); err != nil {
								t.Fatalf("%s: deferral data: %v: %s", what, err, first.Data)
							}
						}
						if cc.private && d.Flags&64 == 0 {
							t.Errorf("%s: the deferral of a private answer is private: %s", what, cb.Body)
						}
						edits = append(edits, edit{what, i.Token, cc})
						continue
					}
					checkContextAnswer(t, what, discordtest.Answer{Type: first.Type, Data: first.Data, Carrier: cb}, cc)
				}
			}
			if deferred {
				if len(edits) == 0 {
					t.Fatal("nothing was deferred")
				}
				close(f.hold)
			}
			for _, e := range edits {
				r := fake.WaitRequest(t, 30*time.Second, func(r discordtest.Request) bool {
					return r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/"+e.token+"/messages/@original")
				})
				wantType := 4
				if e.cc.name == "page button" {
					wantType = 7
				}
				checkContextAnswer(t, e.what, discordtest.Answer{Type: wantType, Deferred: true, Data: r.JSON(), Carrier: r}, e.cc)
			}
			if err := h.Shutdown(context.Background()); err != nil {
				t.Error(err)
			}
			checkInteractionTraffic(t, fake.Requests())
		})
	}
}

// The moderator command runs only where the server added the bot, for a
// member with Manage Server: a user install gives no one moderation of
// the bot, even with the permission, and DMs have no moderators.
func TestModeratorOnlyWhereTheServerAddedTheBot(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	for _, c := range installContexts {
		i := c.in(t, cmdLine("/summitadmin stats")(t), "860000000000000001")
		resp := roundTrip(t, b.Handle(context.Background(), i))
		ran := len(resp.Data.Embeds) > 0
		if want := c.name == "server that added the bot"; ran != want {
			t.Errorf("%s: /summitadmin stats ran %v, want %v (%q)", c.name, ran, want, resp.Data.Content)
		}
	}
}
