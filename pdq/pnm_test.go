package pdq_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/pdq"
)

func TestPNM(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    pdq.Pixels
		wantErr string
	}{
		{name: "P1", in: "P1\n# c\n3 2\n0 1 0\n110\n",
			want: pdq.Pixels{Width: 3, Height: 2, Channels: 1, Pix: []byte{255, 0, 255, 0, 0, 255}}},
		{name: "P2 maxval 15 scales", in: "P2 2 1 15\n0 15\n",
			want: pdq.Pixels{Width: 2, Height: 1, Channels: 1, Pix: []byte{0, 255}}},
		{name: "P3", in: "P3\n1 2\n255\n1 2 3\n# mid comment\n4 5 6\n",
			want: pdq.Pixels{Width: 1, Height: 2, Channels: 3, Pix: []byte{1, 2, 3, 4, 5, 6}}},
		{name: "P4", in: "P4\n10 1\n\xA5\x40",
			want: pdq.Pixels{Width: 10, Height: 1, Channels: 1, Pix: []byte{0, 255, 0, 255, 255, 0, 255, 0, 255, 0}}},
		{name: "P5", in: "P5\n2 2\n255\n\x00\x01\x02\xff",
			want: pdq.Pixels{Width: 2, Height: 2, Channels: 1, Pix: []byte{0, 1, 2, 255}}},
		{name: "P5 16-bit takes the high byte", in: "P5 2 1 65535\n\x12\x34\xff\xff",
			want: pdq.Pixels{Width: 2, Height: 1, Channels: 1, Pix: []byte{0x12, 0xff}}},
		{name: "P6 maxval 1000", in: "P6 1 1 1000\n\x03\xe8\x01\xf4\x00\x00",
			want: pdq.Pixels{Width: 1, Height: 1, Channels: 3, Pix: []byte{255, 128, 0}}},
		{name: "no size", in: "P6\n", wantErr: "line 2: file ends before the width"},
		{name: "bad width", in: "P6 x 2 255\n", wantErr: `line 1: width: want a decimal number, got 'x'`},
		{name: "huge width", in: "P6 99999999999 2 255\n", wantErr: "width is above"},
		{name: "zero size", in: "P5 0 3 255\n", wantErr: "empty image (0x3)"},
		{name: "maxval 0", in: "P5 1 1 0\n\x00", wantErr: "maxval is 0"},
		{name: "maxval too big", in: "P5 1 1 65536\n\x00", wantErr: "maxval is above 65535"},
		{name: "truncated P6", in: "P6 2 2 255\n\x00\x00\x00", wantErr: "raster truncated: 2x2 P6 with maxval 255 needs 12 bytes after the header, file has 3"},
		{name: "truncated P4", in: "P4 9 2\n\x00", wantErr: "needs 4 bytes"},
		{name: "sample above maxval", in: "P2 1 1 7\n8\n", wantErr: "line 2: sample 1 is 8, above maxval 7"},
		{name: "binary sample above maxval", in: "P5 1 1 300\n\x01\x2d", wantErr: "sample 1 is 301, above maxval 300"},
		{name: "P1 bad bit", in: "P1 2 1\n0 2\n", wantErr: "line 2: bit 2: want 0 or 1"},
		{name: "P3 short", in: "P3 1 1 255\n1 2\n", wantErr: "file ends before the sample 3 of 3"},
		{name: "no separator", in: "P5 1 1 255", wantErr: "want one white-space byte before the raster"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, format, err := pdq.DecodeBytes([]byte(tc.in), pdq.Options{})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if format != pdq.FormatPNM {
				t.Errorf("format %q", format)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
