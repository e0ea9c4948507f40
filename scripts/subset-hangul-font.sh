#!/usr/bin/env bash
# Rebuilds the timeline's embedded Hangul fonts, timeline/fonts/NotoSansCJKkr-{Regular,Bold}.subset.otf,
# from Debian 12's fonts-noto-cjk package: Noto Sans CJK KR (face 1 of the .ttc collections), cut down
# to the characters listed in UNICODES. CI does not run this; the fonts are committed. Needs root for
# apt-get, or the two packages already installed; run it from anywhere.
#
# The subset is reproducible: the same package versions give byte-identical files (pyftsubset keeps
# the font's own head.modified date). The font is under the SIL Open Font License 1.1, whose only
# Reserved Font Name is "Source"; the family name "Noto Sans CJK KR" does not use it, so the subset (a
# Modified Version under the OFL) keeps every record of its name table, copyright and licence notice
# included, unchanged. See
# timeline/fonts/OFL.txt and the package doc of timeline.
set -euo pipefail
cd "$(dirname "$0")/.."

PKG_FONT='fonts-noto-cjk=1:20220127+repack1-1'   # Noto Sans CJK 2.004
PKG_TOOLS='python3-fonttools=4.38.0-1+deb12u1'   # pyftsubset
# Keep every Hangul syllable (a moderator's catalogue may use any Korean name), all Hangul Jamo
# (U+1100–11FF, A960–A97F, D7B0–D7FF) and compatibility Jamo (U+3130–318F), Basic Latin, Latin-1,
# general punctuation (en dash, ellipsis, quotes), the won sign, CJK symbols and punctuation
# (U+3000–303F) and fullwidth ASCII forms (U+FF01–FF60).
UNICODES='U+0020-007E,U+00A0-00FF,U+1100-11FF,U+2000-206F,U+20A9,U+3000-303F,U+3130-318F,U+A960-A97F,U+AC00-D7A3,U+D7B0-D7FF,U+FF01-FF60'

for pkg in "$PKG_FONT" "$PKG_TOOLS"; do
  if [ "$(dpkg-query -W -f '${Version}' "${pkg%%=*}" 2>/dev/null)" != "${pkg#*=}" ]; then
    apt-get install -y --no-install-recommends "$pkg" # fails when Debian no longer has that version
  fi
done

# Face 1 of each collection is the Korean one (0 JP, 1 KR, 2 SC, 3 TC, 4 HK). The outlines are kept
# as they are; dropped are the hints, which golang.org/x/image does not use for CFF outlines, the
# layout tables it does not read (GSUB, GDEF, BASE) and the vertical-writing ones (VORG, vhea,
# vmtx). GPOS stays with its kern feature alone (--layout-features=kern): golang.org/x/image reads
# GPOS pair kerning (font/sfnt's gpos.go), and font.Drawer and font.MeasureString apply it. Every
# name record stays, in every language (--name-IDs='*' --name-languages='*'; the font has English
# and Korean ones), with the copyright and licence notice.
for weight in Regular Bold; do
  /usr/bin/python3 -m fontTools.subset "/usr/share/fonts/opentype/noto/NotoSansCJK-$weight.ttc" \
    --font-number=1 --unicodes="$UNICODES" --no-hinting --layout-features=kern \
    --drop-tables+=GSUB,GDEF,BASE,VORG,vhea,vmtx,DSIG --name-IDs='*' --name-languages='*' \
    --output-file="timeline/fonts/NotoSansCJKkr-$weight.subset.otf"
done
ls -l timeline/fonts/*.otf
sha256sum timeline/fonts/*.otf
