// Package bot turns Discord interactions into responses: slash commands,
// the Find sources message command, autocomplete, and paging and feedback
// buttons, without touching the network. The
// gateway adapter in this package is a thin layer that feeds interactions
// from a discordgo session to the core and sends the answers back.
//
// The bot depends on a small Searcher interface, never on the search engine
// itself, so the core is tested with fakes and golden files.
package bot
