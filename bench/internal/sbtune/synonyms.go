package sbtune

// synonymGroups are sets of equivalent words and phrases. Single words go to
// Bleve's synonym source (expanded by Bleve at query time); phrases of
// several words are expanded by the query builder, because a Bleve synonym
// maps single terms only.
var synonymGroups = [][]string{
	{"dmz", "demilitarized zone", "demilitarised zone", "demarcation line", "panmunjom", "panmunjeom", "joint security area"},
	{"north korea", "dprk", "democratic people's republic of korea"},
	{"south korea", "republic of korea"},
	{"kim jong un", "kim jong-un", "kim jongun"},
	{"denuclearization", "denuclearisation"},
	{"denuclearize", "denuclearise"},
	{"rumors", "rumours"},
	{"rumor", "rumour"},
	{"normalization", "normalisation"},
	{"defense", "defence"},
	{"program", "programme"},
	{"programs", "programmes"},
	{"dialog", "dialogue"},
	{"center", "centre"},
	{"honor", "honour"},
	{"favor", "favour"},
	{"labor", "labour"},
	{"organization", "organisation"},
	{"recognize", "recognise"},
	{"criticize", "criticise"},
	{"apologize", "apologise"},
	{"emphasize", "emphasise"},
	{"realize", "realise"},
	{"summarize", "summarise"},
	{"canceled", "cancelled"},
	{"traveled", "travelled"},
	{"meter", "metre"},
	{"theater", "theatre"},
	{"missile", "icbm"},
	{"pyongyang", "pyeongyang"},
}
