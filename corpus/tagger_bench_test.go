package corpus

import "testing"

// BenchmarkTag tags passages with the built-in catalogue, as every passage
// of a corpus is tagged when an index is built.
func BenchmarkTag(b *testing.B) {
	tg := newTagger(mustCatalogue(b))
	for _, bb := range []struct{ name, text string }{
		{"kim-xi", "Kim flew to Beijing on 19 June 2018, a week after Singapore, and Xi welcomed Kim at the Great Hall, where Kim met Xi for the third time that year."},
		{"kim-putin", "Putin greeted Kim at the Vostochny Cosmodrome in September 2023, and Kim and Putin toured the launch pads before their talks."},
		{"no-event", "Our hotel in Hanoi had a lovely pool and the staff at the front desk were helpful. Breakfast was served on the roof."},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				tg.tag(bb.text, true)
			}
		})
	}
}
