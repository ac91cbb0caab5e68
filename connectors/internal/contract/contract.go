// Package contract holds connectors' fakes to the official descriptions
// of the APIs they fake (../shared/api): a middleware validates every
// request a connector makes and every answer a fake gives with
// kin-openapi, and collects what breaks the description.
package contract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// APIDir finds ../shared/api through OWNERD_SHARED, like the other tests
// of the shared contract: without it the test fails rather than skip;
// OWNERD_SHARED=skip skips on purpose.
func APIDir(t *testing.T, file string) string {
	t.Helper()
	dir := os.Getenv("OWNERD_SHARED")
	if dir == "skip" {
		t.Skip("OWNERD_SHARED=skip: the contract tests do not run")
	}
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	dir = filepath.Join(dir, "api")
	if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
		t.Fatalf("the shared folder's api/ (the official API descriptions, beside this repository) is not at %s: set OWNERD_SHARED, or OWNERD_SHARED=skip to leave these tests out: %v", dir, err)
	}
	return filepath.Join(dir, file)
}

var (
	mu      sync.Mutex
	loaded  = map[string]routers.Router{}
	loadErr = map[string]error{}
)

// Router loads a description once per test binary. Its servers are
// dropped, the fakes being on loopback; it is not doc.Validate'd as a
// whole, as the published files carry examples that fail it.
func Router(t *testing.T, file string) routers.Router {
	t.Helper()
	path := APIDir(t, file)
	mu.Lock()
	defer mu.Unlock()
	if r, ok := loaded[path]; ok {
		return r
	}
	if err := loadErr[path]; err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	var r routers.Router
	if err == nil {
		doc.Servers = nil
		r, err = gorillamux.NewRouter(doc)
	}
	if err != nil {
		loadErr[path] = err
		t.Fatal(err)
	}
	loaded[path] = r
	return r
}

// Checker validates exchanges against a description and keeps what broke
// it.
type Checker struct {
	router routers.Router
	opts   *openapi3filter.Options
	// Rewrite maps a request's path onto the description's (Jira's v2
	// paths onto v3); nil keeps it.
	rewrite func(string) string

	mu       sync.Mutex
	problems []string
}

// New returns a checker for the description in ../shared/api/file.
// formats adds string format validators the description's servers need
// ("date-time" in Jira's own layout).
func New(t *testing.T, file string, rewrite func(string) string, formats ...openapi3.SchemaValidationOption) *Checker {
	return &Checker{
		router:  Router(t, file),
		rewrite: rewrite,
		opts: &openapi3filter.Options{
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			MultiError:              true,
			SchemaValidationOptions: formats,
		},
	}
}

// Problems returns what broke the description so far.
func (c *Checker) Problems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.problems...)
}

func (c *Checker) report(r *http.Request, what string, err error) {
	c.mu.Lock()
	c.problems = append(c.problems, fmt.Sprintf("%s %s: %s: %v", r.Method, r.URL.Path, what, err))
	c.mu.Unlock()
}

// Middleware wraps a fake's handler: each request is checked before it is
// served, and the answer after.
func (c *Checker) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
			r.Body.Close()
		}
		v := r.Clone(context.Background())
		if c.rewrite != nil {
			v.URL.Path, v.URL.RawPath = c.rewrite(r.URL.Path), ""
		}
		v.Body = io.NopCloser(bytes.NewReader(body))
		route, params, err := c.router.FindRoute(v)
		if err != nil {
			c.report(r, "no such operation", err)
			r.Body = io.NopCloser(bytes.NewReader(body))
			next.ServeHTTP(w, r)
			return
		}
		in := &openapi3filter.RequestValidationInput{Request: v, PathParams: params, Route: route, Options: c.opts}
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			c.report(r, "request", err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.status, Header: rec.Header(), Options: c.opts}
		out.SetBodyBytes(rec.body.Bytes())
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			c.report(r, fmt.Sprintf("answer %d", rec.status), err)
		}
	})
}

// recorder keeps a copy of an answer for validation.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
