// Command serve is gotrain's static file server for development and browser
// tests. It serves one directory (default www) on a loopback address only,
// with the MIME types a WebAssembly page needs, precompressed .br/.gz
// variants when the client accepts them, and cache headers under which
// nothing is ever served stale: every response is Cache-Control: no-cache
// (the browser revalidates HTML, sw.js and its stamp, the JS modules, the
// wasm and the data on every use) with an ETag made from the file's
// content, so a rebuild or a deploy is picked up even when it keeps a
// file's size and time, and an unchanged file costs a 304.
//
// Usage:
//
//	serve [-dir www] [-addr 127.0.0.1:8080] [-mount /prefix/=dir ...] [-coi] [-v]
//
// With -addr 127.0.0.1:0 the kernel picks a free port. Either way the first
// line on stdout is "serving http://HOST:PORT/", which tests read to find the
// server. -mount serves another directory under a URL prefix (repeatable),
// e.g. -mount /node_modules/=node_modules for a test that loads TF.js from
// node_modules. -coi adds the cross-origin isolation headers (COOP/COEP),
// which give pages finer performance.now() resolution.
//
// Only the Go standard library is used.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "serve:", err)
		}
		os.Exit(2)
	}
}

// mountFlag collects repeated -mount prefix=dir values.
type mountFlag []mountSpec

type mountSpec struct{ prefix, dir string }

func (m *mountFlag) String() string {
	parts := make([]string, len(*m))
	for i, s := range *m {
		parts[i] = s.prefix + "=" + s.dir
	}
	return strings.Join(parts, ",")
}

func (m *mountFlag) Set(v string) error {
	s, err := parseMount(v)
	if err != nil {
		return err
	}
	*m = append(*m, s)
	return nil
}

// parseMount parses "/prefix/=dir". The prefix gets a leading and a trailing
// slash if it lacks them.
func parseMount(v string) (mountSpec, error) {
	prefix, dir, ok := strings.Cut(v, "=")
	if !ok || prefix == "" || dir == "" {
		return mountSpec{}, fmt.Errorf("mount %q: want /prefix/=dir", v)
	}
	if !strings.HasPrefix(prefix, "/") {
		prefix = "/" + prefix
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	if prefix == "/" {
		return mountSpec{}, fmt.Errorf("mount %q: prefix / is the -dir itself", v)
	}
	for _, seg := range strings.Split(strings.Trim(prefix, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return mountSpec{}, fmt.Errorf("mount %q: bad prefix", v)
		}
	}
	return mountSpec{prefix: prefix, dir: dir}, nil
}

// run is main without the process exit, for tests. It serves until ctx is
// done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dir", "www", "directory to serve at /")
	addr := fl.String("addr", "127.0.0.1:8080", "listen address; must be loopback (port 0 picks a free port)")
	coi := fl.Bool("coi", false, "send Cross-Origin-Opener-Policy/Cross-Origin-Embedder-Policy (cross-origin isolation)")
	verbose := fl.Bool("v", false, "log each request to stderr")
	var mounts mountFlag
	fl.Var(&mounts, "mount", "extra `/prefix/=dir` to serve (repeatable)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	if err := checkLoopback(*addr); err != nil {
		return err
	}

	h, err := newHandler(*dir, mounts, *coi)
	if err != nil {
		return err
	}
	defer h.Close()
	var handler http.Handler = h
	if *verbose {
		logger := log.New(stderr, "serve: ", log.Ltime|log.Lmicroseconds)
		handler = logRequests(logger, h)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	tcp := ln.Addr().(*net.TCPAddr)
	if _, err := fmt.Fprintf(stdout, "serving http://%s/\n", net.JoinHostPort(tcp.IP.String(), strconv.Itoa(tcp.Port))); err != nil {
		ln.Close()
		return err
	}

	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(stderr, "serve: ", 0),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			return err
		}
		return nil
	}
}

// checkLoopback refuses any listen address that is not on the loopback
// interface: this server is for the local machine only.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("addr %q: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("addr %q: only loopback addresses (127.0.0.1, [::1], localhost) are allowed", addr)
	}
	return nil
}

// contentTypes is consulted before the system MIME table so that responses
// are the same on every machine.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".csv":         "text/csv; charset=utf-8",
	".tsv":         "text/tab-separated-values; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".bin":         "application/octet-stream",
	".gz":          "application/gzip",
	".br":          "application/x-brotli",
}

// contentType returns the MIME type for a file name.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// encodings are the precompressed variants looked for, best first.
var encodings = []struct{ name, ext string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// acceptsEncoding reports whether an Accept-Encoding header value allows
// enc, honouring q=0 and the * wildcard.
func acceptsEncoding(header, enc string) bool {
	wildcard := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch name {
		case enc:
			return q > 0
		case "*":
			wildcard = q > 0
		}
	}
	return wildcard
}

type mount struct {
	prefix string // "/" or "/x/", ends with a slash
	root   *os.Root
}

// handler serves files from a directory and any mounts under their prefixes.
type handler struct {
	mounts []mount // longest prefix first
	coi    bool
}

// cacheControl is the Cache-Control of every response: stored, but
// revalidated before each use, so nothing is served stale.
const cacheControl = "no-cache"

func newHandler(dir string, extra []mountSpec, coi bool) (*handler, error) {
	h := &handler{coi: coi}
	specs := append([]mountSpec{{prefix: "/", dir: dir}}, extra...)
	seen := map[string]bool{}
	for _, s := range specs {
		if seen[s.prefix] {
			h.Close()
			return nil, fmt.Errorf("mount prefix %s given twice", s.prefix)
		}
		seen[s.prefix] = true
		fi, err := os.Stat(s.dir)
		if err == nil && !fi.IsDir() {
			err = fmt.Errorf("%s is not a directory", s.dir)
		}
		var root *os.Root
		if err == nil {
			root, err = os.OpenRoot(s.dir)
		}
		if err != nil {
			h.Close()
			return nil, fmt.Errorf("serve %s at %s: %w", s.dir, s.prefix, err)
		}
		h.mounts = append(h.mounts, mount{prefix: s.prefix, root: root})
	}
	sort.SliceStable(h.mounts, func(i, j int) bool {
		return len(h.mounts[i].prefix) > len(h.mounts[j].prefix)
	})
	return h, nil
}

// Close releases the directory handles.
func (h *handler) Close() error {
	for _, m := range h.mounts {
		m.root.Close()
	}
	return nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("X-Content-Type-Options", "nosniff")
	if h.coi {
		hdr.Set("Cross-Origin-Opener-Policy", "same-origin")
		hdr.Set("Cross-Origin-Embedder-Policy", "require-corp")
		hdr.Set("Cross-Origin-Resource-Policy", "same-origin")
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	// r.URL.Path is already percent-decoded, so %2e%2e and %2f are caught
	// here too. Any ".." segment is refused outright rather than cleaned
	// away; os.Root below also refuses symlinks leading out of the directory.
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
	}

	for _, m := range h.mounts {
		if strings.HasPrefix(p, m.prefix) {
			h.serve(w, r, m, strings.TrimPrefix(p, m.prefix))
			return
		}
		if p+"/" == m.prefix { // "/node_modules" -> "/node_modules/"
			redirectSlash(w, r)
			return
		}
	}
	http.NotFound(w, r)
}

func redirectSlash(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Path + "/"
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

// serve answers for rel, a slash-separated path relative to m's directory.
func (h *handler) serve(w http.ResponseWriter, r *http.Request, m mount, rel string) {
	name := path.Clean("/" + rel)[1:]
	if name == "" {
		name = "."
	}
	fi, err := m.root.Stat(name)
	if err != nil {
		notFoundOrForbidden(w, r, err)
		return
	}
	if fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			redirectSlash(w, r)
			return
		}
		name = path.Join(name, "index.html")
		if fi, err = m.root.Stat(name); err != nil || fi.IsDir() {
			http.NotFound(w, r) // no directory listings
			return
		}
	}
	if !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}

	hdr := w.Header()
	hdr.Set("Content-Type", contentType(name))

	// Precompressed variants: serve name.br / name.gz if the client takes it
	// and the variant is not older than the file it compresses.
	serveName, serveInfo, encoding := name, fi, ""
	varies := false
	for _, e := range encodings {
		vi, err := m.root.Stat(name + e.ext)
		if err != nil || !vi.Mode().IsRegular() || vi.ModTime().Before(fi.ModTime()) {
			continue
		}
		varies = true
		if encoding == "" && acceptsEncoding(r.Header.Get("Accept-Encoding"), e.name) {
			serveName, serveInfo, encoding = name+e.ext, vi, e.name
		}
	}
	if varies {
		hdr.Add("Vary", "Accept-Encoding")
	}

	f, err := m.root.Open(serveName)
	if err != nil {
		hdr.Del("Content-Type")
		hdr.Del("Vary")
		notFoundOrForbidden(w, r, err)
		return
	}
	defer f.Close()
	if encoding != "" {
		hdr.Set("Content-Encoding", encoding)
	}
	// A strong validator from the content: it changes whenever the bytes
	// do, even within one second (Last-Modified's resolution) or when a
	// copy keeps size and time.
	etag, err := contentTag(f, serveInfo)
	if err != nil {
		hdr.Del("Content-Type")
		hdr.Del("Vary")
		hdr.Del("Content-Encoding")
		http.Error(w, "read error", http.StatusInternalServerError)
		return
	}
	if encoding != "" {
		etag += "-" + encoding
	}
	hdr.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, serveName, serveInfo.ModTime(), f)
}

// maxHashed is the largest file whose ETag is a hash of its content; a
// larger one (no page asset is near it) is tagged by its size and time.
const maxHashed = 64 << 20

// contentTag returns a hash of the open file f's bytes (fi describes it)
// and leaves f at its start. Hashed on every request (a few milliseconds
// for the largest asset): a tag cached by size and time would miss a file
// replaced by one with the same size and time.
func contentTag(f *os.File, fi fs.FileInfo) (string, error) {
	if fi.Size() > maxHashed {
		return fmt.Sprintf("%x-%x", fi.Size(), fi.ModTime().UnixNano()), nil
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil)[:12]), nil
}

func notFoundOrForbidden(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		http.NotFound(w, r)
	default:
		// Permission errors and paths that os.Root refuses (symlinks out of
		// the directory).
		http.Error(w, "forbidden", http.StatusForbidden)
	}
}

// statusWriter records the status code for logging.
type statusWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.n += int64(n)
	return n, err
}

func logRequests(l *log.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		l.Printf("%s %s %d %dB %s %s", r.Method, r.URL.RequestURI(), sw.status, sw.n,
			sw.Header().Get("Content-Encoding"), time.Since(start).Round(time.Microsecond))
	})
}
