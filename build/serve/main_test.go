package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeTree creates files (slash-separated names) under a new temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func gz(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const wasmBody = "\x00asm\x01\x00\x00\x00"

func testHandler(t *testing.T, files map[string]string, mounts ...mountSpec) (*handler, string) {
	t.Helper()
	dir := writeTree(t, files)
	h, err := newHandler(dir, mounts, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, dir
}

func get(h http.Handler, target string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestContentTypes(t *testing.T) {
	files := map[string]string{
		"index.html":          "<!doctype html><title>x</title>",
		"gotrain.js":          "export {}",
		"worker.mjs":          "export {}",
		"style.css":           "body{}",
		"model.json":          "{}",
		"data/iris.csv":       "a,b\n1,2\n",
		"icon.svg":            "<svg xmlns='http://www.w3.org/2000/svg'/>",
		"app.webmanifest":     "{}",
		"gotrain.wasm":        wasmBody,
		"blob.unknownext123":  "??",
		"UPPER.JS":            "export {}",
		"sub/index.html":      "<p>sub</p>",
		"sub/deeper/file.txt": "hi",
	}
	h, _ := testHandler(t, files)
	cases := []struct{ path, ctype string }{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/gotrain.js", "text/javascript; charset=utf-8"},
		{"/worker.mjs", "text/javascript; charset=utf-8"},
		{"/UPPER.JS", "text/javascript; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/model.json", "application/json"},
		{"/data/iris.csv", "text/csv; charset=utf-8"},
		{"/icon.svg", "image/svg+xml"},
		{"/app.webmanifest", "application/manifest+json"},
		{"/gotrain.wasm", "application/wasm"},
		{"/blob.unknownext123", "application/octet-stream"},
		{"/sub/", "text/html; charset=utf-8"},
		{"/sub/deeper/file.txt", "text/plain; charset=utf-8"},
	}
	for _, c := range cases {
		rec := get(h, c.path, nil)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", c.path, rec.Code)
			continue
		}
		if got := rec.Header().Get("Content-Type"); got != c.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", c.path, got, c.ctype)
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", c.path, got)
		}
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", c.path, got)
		}
	}
	if rec := get(h, "/gotrain.wasm", nil); rec.Body.String() != wasmBody {
		t.Errorf("wasm body %q, want %q", rec.Body.String(), wasmBody)
	}
	if rec := get(h, "/", nil); !strings.Contains(rec.Body.String(), "<title>x</title>") {
		t.Errorf("index body %q", rec.Body.String())
	}
}

func TestPrecompressed(t *testing.T) {
	files := map[string]string{
		"gotrain.wasm":    wasmBody,
		"gotrain.wasm.br": "BROTLI-BYTES",
		"gotrain.wasm.gz": gz(t, wasmBody),
		"only.js":         "export const a = 1",
		"only.js.gz":      gz(t, "export const a = 1"),
		"plain.css":       "body{}",
	}
	h, dir := testHandler(t, files)
	// Variants must be at least as new as the file they compress.
	now := time.Now()
	for _, n := range []string{"gotrain.wasm", "only.js", "plain.css"} {
		os.Chtimes(filepath.Join(dir, n), now.Add(-time.Hour), now.Add(-time.Hour))
	}

	cases := []struct {
		path, accept, wantEnc, wantBody string
		wantVary                        bool
	}{
		{"/gotrain.wasm", "", "", wasmBody, true},
		{"/gotrain.wasm", "identity", "", wasmBody, true},
		{"/gotrain.wasm", "gzip, deflate, br, zstd", "br", "BROTLI-BYTES", true},
		{"/gotrain.wasm", "br", "br", "BROTLI-BYTES", true},
		{"/gotrain.wasm", "gzip", "gzip", files["gotrain.wasm.gz"], true},
		{"/gotrain.wasm", "br;q=0, gzip", "gzip", files["gotrain.wasm.gz"], true},
		{"/gotrain.wasm", "BR", "br", "BROTLI-BYTES", true},
		{"/gotrain.wasm", "*", "br", "BROTLI-BYTES", true},
		{"/gotrain.wasm", "*;q=0", "", wasmBody, true},
		{"/only.js", "gzip, deflate, br", "gzip", files["only.js.gz"], true},
		{"/only.js", "br", "", "export const a = 1", true},
		{"/plain.css", "gzip, br", "", "body{}", false},
	}
	for _, c := range cases {
		rec := get(h, c.path, map[string]string{"Accept-Encoding": c.accept})
		if rec.Code != http.StatusOK {
			t.Errorf("%s [%s]: status %d", c.path, c.accept, rec.Code)
			continue
		}
		if got := rec.Header().Get("Content-Encoding"); got != c.wantEnc {
			t.Errorf("%s [%s]: Content-Encoding %q, want %q", c.path, c.accept, got, c.wantEnc)
		}
		if got := rec.Body.String(); got != c.wantBody {
			t.Errorf("%s [%s]: body %q, want %q", c.path, c.accept, got, c.wantBody)
		}
		if got := rec.Header().Get("Vary") == "Accept-Encoding"; got != c.wantVary {
			t.Errorf("%s [%s]: Vary %q, want Accept-Encoding=%v", c.path, c.accept, rec.Header().Get("Vary"), c.wantVary)
		}
		wantType := contentType(c.path)
		if got := rec.Header().Get("Content-Type"); got != wantType {
			t.Errorf("%s [%s]: Content-Type %q, want %q (the original's, not the variant's)", c.path, c.accept, got, wantType)
		}
	}

	// A variant older than its file is stale and must not be served.
	os.Chtimes(filepath.Join(dir, "gotrain.wasm"), now.Add(time.Hour), now.Add(time.Hour))
	rec := get(h, "/gotrain.wasm", map[string]string{"Accept-Encoding": "br, gzip"})
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != wasmBody {
		t.Errorf("stale variant served: encoding %q body %q", rec.Header().Get("Content-Encoding"), rec.Body.String())
	}

	// ETags differ between encodings so caches keep them apart.
	os.Chtimes(filepath.Join(dir, "gotrain.wasm"), now.Add(-time.Hour), now.Add(-time.Hour))
	e1 := get(h, "/gotrain.wasm", map[string]string{"Accept-Encoding": "br"}).Header().Get("ETag")
	e2 := get(h, "/gotrain.wasm", nil).Header().Get("ETag")
	if e1 == "" || e1 == e2 {
		t.Errorf("ETags br=%q identity=%q: want distinct and non-empty", e1, e2)
	}
	req := httptest.NewRequest(http.MethodGet, "/gotrain.wasm", nil)
	req.Header.Set("If-None-Match", e2)
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	if rr.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", rr.Code)
	}
}

func TestTraversalRefused(t *testing.T) {
	parent := writeTree(t, map[string]string{
		"secret.txt":     "TOP SECRET",
		"www/index.html": "ok",
	})
	root := filepath.Join(parent, "www")
	if err := os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../secret.txt", filepath.Join(root, "rel.txt")); err != nil {
		t.Fatal(err)
	}
	h, err := newHandler(root, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()

	for _, target := range []string{
		"/../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E%2Fsecret.txt",
		"/sub/../../secret.txt",
		"/..%5csecret.txt",
		"/link.txt",
		"/rel.txt",
	} {
		rec := get(h, target, nil)
		if rec.Code == http.StatusOK || strings.Contains(rec.Body.String(), "SECRET") {
			t.Errorf("GET %s: status %d body %q: escaped the directory", target, rec.Code, rec.Body.String())
		}
	}

	// Through a real server and a raw request line, so nothing cleans the
	// path before the handler sees it.
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, target := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/./../secret.txt"} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode == http.StatusOK || bytes.Contains(body, []byte("SECRET")) {
			t.Errorf("raw GET %s: status %d body %q: escaped the directory", target, resp.StatusCode, body)
		}
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	h, _ := testHandler(t, map[string]string{
		"index.html":     "root",
		"nodir/file.txt": "x",
	})
	for _, p := range []string{"/missing.js", "/nodir/", "/index.html/extra", "/missing/dir/x.wasm"} {
		if rec := get(h, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, rec.Code)
		}
	}
	if rec := get(h, "/nodir", nil); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/nodir/" {
		t.Errorf("GET /nodir: status %d Location %q, want 301 to /nodir/", rec.Code, rec.Header().Get("Location"))
	}
	req := httptest.NewRequest(http.MethodPost, "/index.html", strings.NewReader("x"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", rec.Code)
	}
	req = httptest.NewRequest(http.MethodHead, "/index.html", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != "4" {
		t.Errorf("HEAD: status %d body %d bytes Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
}

func TestMounts(t *testing.T) {
	nm := writeTree(t, map[string]string{
		"@tensorflow/tfjs/dist/tf.min.js": "/* tf */",
		"pkg/lib.wasm":                    wasmBody,
	})
	h, _ := testHandler(t, map[string]string{"index.html": "root"},
		mountSpec{prefix: "/node_modules/", dir: nm})
	rec := get(h, "/node_modules/@tensorflow/tfjs/dist/tf.min.js", nil)
	if rec.Code != http.StatusOK || rec.Body.String() != "/* tf */" ||
		rec.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("mounted js: status %d type %q body %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if rec := get(h, "/node_modules/pkg/lib.wasm", nil); rec.Header().Get("Content-Type") != "application/wasm" {
		t.Errorf("mounted wasm: type %q", rec.Header().Get("Content-Type"))
	}
	if rec := get(h, "/node_modules/../index.html", nil); rec.Code == http.StatusOK {
		t.Errorf("mount traversal: status %d", rec.Code)
	}
	if rec := get(h, "/node_modules", nil); rec.Code != http.StatusMovedPermanently {
		t.Errorf("GET /node_modules: status %d, want 301", rec.Code)
	}
	if rec := get(h, "/index.html", nil); rec.Body.String() != "root" {
		t.Errorf("root still served: %q", rec.Body.String())
	}

	for _, bad := range []string{"noequals", "=dir", "/x/=", "/=dir", "/../=dir"} {
		if _, err := parseMount(bad); err == nil {
			t.Errorf("parseMount(%q): no error", bad)
		}
	}
	if s, err := parseMount("node_modules=nm"); err != nil || s.prefix != "/node_modules/" || s.dir != "nm" {
		t.Errorf("parseMount: %+v %v", s, err)
	}
	if _, err := newHandler(t.TempDir(), []mountSpec{{"/a/", nm}, {"/a/", nm}}, false); err == nil {
		t.Error("duplicate mount prefix accepted")
	}
	if _, err := newHandler(filepath.Join(t.TempDir(), "absent"), nil, false); err == nil {
		t.Error("missing directory accepted")
	}
}

func TestCrossOriginIsolation(t *testing.T) {
	dir := writeTree(t, map[string]string{"index.html": "x"})
	h, err := newHandler(dir, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rec := get(h, "/", nil)
	if rec.Header().Get("Cross-Origin-Opener-Policy") != "same-origin" ||
		rec.Header().Get("Cross-Origin-Embedder-Policy") != "require-corp" {
		t.Errorf("COOP/COEP missing: %v", rec.Header())
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:8080", "127.0.0.1:0", "localhost:9000", "[::1]:0", "127.0.0.2:80"} {
		if err := checkLoopback(ok); err != nil {
			t.Errorf("checkLoopback(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{":8080", "0.0.0.0:8080", "[::]:80", "192.168.1.1:80", "example.com:80", "127.0.0.1"} {
		if err := checkLoopback(bad); err == nil {
			t.Errorf("checkLoopback(%q): no error", bad)
		}
	}
}

// TestRun starts the real server on a free port, reads the URL from the first
// stdout line, fetches a file and shuts it down.
func TestRun(t *testing.T) {
	dir := writeTree(t, map[string]string{"index.html": "<title>gotrain</title>", "m.wasm": wasmBody})
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-dir", dir, "-addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	if !strings.HasPrefix(line, "serving http://127.0.0.1:") || !strings.HasSuffix(line, "/\n") {
		t.Fatalf("first line %q", line)
	}
	base := strings.TrimSpace(strings.TrimPrefix(line, "serving "))
	resp, err := http.Get(base + "m.wasm")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != wasmBody || resp.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("GET m.wasm: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not shut down")
	}

	if err := run(context.Background(), []string{"-dir", dir, "-addr", "0.0.0.0:0"}, io.Discard, io.Discard); err == nil {
		t.Error("run accepted a non-loopback address")
	}
}

// A deploy must never be served stale: HTML, the service worker and its
// stamp, the JS modules, the wasm and the data are all revalidated before
// use (no-cache), and their ETags follow the content, so a file replaced by
// one of the same size and time (cp -p, rsync -a) is not answered 304.
func TestCacheHeadersNothingStale(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"index.html":    "<!doctype html><title>v1</title>",
		"sw.js":         "importScripts('sw-version.js');",
		"sw-version.js": "self.GOTRAIN_BUILD = { version: 'aaaa' };",
		"app/main.js":   "export const v = 1;",
		"gotrain.wasm":  wasmBody,
		"data/x.csv":    "a,b\n1,2\n",
	}
	h, dir := testHandler(t, files)
	for name := range files {
		rec := get(h, "/"+name, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /%s: %d", name, rec.Code)
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET /%s: Cache-Control %q, want no-cache (revalidate before every use)", name, got)
		}
		etag := rec.Header().Get("ETag")
		if etag == "" {
			t.Errorf("GET /%s: no ETag", name)
			continue
		}
		if got := get(h, "/"+name, map[string]string{"If-None-Match": etag}).Code; got != http.StatusNotModified {
			t.Errorf("GET /%s with its ETag: %d, want 304", name, got)
		}
	}
	// The same size and modification time, other bytes: a new ETag, the new body.
	p := filepath.Join(dir, "app", "main.js")
	old := get(h, "/app/main.js", nil).Header().Get("ETag")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("export const v = 2;"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	rec := get(h, "/app/main.js", map[string]string{"If-None-Match": old})
	if rec.Code != http.StatusOK || rec.Body.String() != "export const v = 2;" {
		t.Errorf("after a deploy: %d %q, want 200 and the new body", rec.Code, rec.Body.String())
	}
	if rec.Header().Get("ETag") == old {
		t.Errorf("ETag %s unchanged after the content changed", old)
	}
	if got := get(h, "/nope.js", nil).Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("404: Cache-Control %q, want no-cache", got)
	}
}

// Two files of the same size and time but different bytes (two servers, or
// copies that keep times) get different ETags.
func TestETagFromContent(t *testing.T) {
	t.Parallel()
	h1, d1 := testHandler(t, map[string]string{"a.js": "export const v = 1;"})
	h2, d2 := testHandler(t, map[string]string{"a.js": "export const v = 2;"})
	when := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(d1, "a.js"), when, when)
	os.Chtimes(filepath.Join(d2, "a.js"), when, when)
	if e1, e2 := get(h1, "/a.js", nil).Header().Get("ETag"), get(h2, "/a.js", nil).Header().Get("ETag"); e1 == e2 {
		t.Errorf("same size and time, other content: both ETag %s", e1)
	}
}
