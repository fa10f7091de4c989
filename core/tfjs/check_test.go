package tfjs

import (
	"strings"
	"testing"
)

// TestJSONCheckerInPieces: the hostile files Import refuses for their size
// are refused by a JSONChecker fed 1 MB at a time, with Import's words and
// at the byte of the whole document; well-formed files pass.
func TestJSONCheckerInPieces(t *testing.T) {
	t.Parallel()
	const piece = 1 << 20
	for _, tc := range hostileFiles() {
		if tc.want != "values" && tc.want != "string" {
			continue // refused later, by what it holds, not by its size
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := NewJSONChecker()
			var err error
			fed := 0
			for ; fed < len(tc.json) && err == nil; fed += piece {
				err = c.Check(tc.json[fed:min(fed+piece, len(tc.json))])
			}
			if err == nil {
				t.Fatalf("no error after %d bytes, want one about %q", fed, tc.want)
			}
			_, ierr := Import(tc.json, nil, tc.data)
			// Import says "fromTfjs: the topology holds …"; the checker
			// counts from the start of the whole document.
			if !strings.HasPrefix(err.Error(), "holds ") || !strings.Contains(err.Error(), tc.want) || !strings.HasSuffix(err.Error(), ": more than a model gotrain can load") {
				t.Errorf("Check: got %q, want \"holds …%s…: more than a model gotrain can load\" (Import: %v)", err, tc.want, ierr)
			}
			if fed > len(tc.json)/2 && len(tc.json) > 8*piece {
				t.Errorf("read %d of %d bytes before refusing, want the refusal early", fed, len(tc.json))
			}
			if again := c.Check([]byte("{")); again == nil || again.Error() != err.Error() {
				t.Errorf("Check after the error: got %v, want the error again", again)
			}
		})
	}
	c := NewJSONChecker()
	for _, p := range [][]byte{hostileModel("", "")[:10], hostileModel("", "")[10:]} {
		if err := c.Check(p); err != nil {
			t.Errorf("a 2-4-1 model.json: %v", err)
		}
	}
}
