package core

import "math"

// transformImage sets dst to the h×w image src (row by row, one value per
// pixel) rotated by angle radians and zoomed by the factor s about its
// centre, then moved by dx pixels across and dy down. Each pixel of dst
// samples src at the inverse image of its centre, interpolating bilinearly
// between the four nearest pixels; pixels outside src count as fill. With
// no rotation and no zoom a whole-pixel shift copies pixels exactly.
func transformImage(dst, src []float64, h, w int, angle, s, dx, dy, fill float64) {
	cx, cy := float64(w-1)/2, float64(h-1)/2
	cos, sin := math.Cos(angle), math.Sin(angle)
	inv := 1 / s
	at := func(r, c int) float64 {
		if r < 0 || r >= h || c < 0 || c >= w {
			return fill
		}
		return src[r*w+c]
	}
	for r := range h {
		for c := range w {
			// The centred coordinates before the shift, then before the
			// rotation and zoom.
			u, v := float64(c)-cx-dx, float64(r)-cy-dy
			sc := (cos*u+sin*v)*inv + cx
			sr := (-sin*u+cos*v)*inv + cy
			c0, r0 := math.Floor(sc), math.Floor(sr)
			fc, fr := sc-c0, sr-r0
			ic, ir := int(c0), int(r0)
			var val float64
			if fc == 0 && fr == 0 {
				val = at(ir, ic)
			} else {
				top := (1-fc)*at(ir, ic) + fc*at(ir, ic+1)
				bottom := (1-fc)*at(ir+1, ic) + fc*at(ir+1, ic+1)
				val = (1-fr)*top + fr*bottom
			}
			dst[r*w+c] = val
		}
	}
}
