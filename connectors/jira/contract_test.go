package jira

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/ownerd/ownerd/connectors/jira/jiratest"
)

// The contract: every request the connector makes and every answer the
// fake gives is checked against Atlassian's description of the Jira Cloud
// REST API (../shared/api/jira-cloud-platform-v3.json). Version 2 of the
// API differs from version 3 only in writing rich text as strings instead
// of documents, and the description types those bodies loosely, so a v2
// path is checked as its v3 twin.

var (
	contractOnce   sync.Once
	contractRouter routers.Router
	contractErr    error
)

// apiDir finds ../shared/api through OWNERD_SHARED, like the other tests
// of the shared contract; without it the test fails rather than skip.
func apiDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OWNERD_SHARED")
	if dir == "skip" {
		t.Skip("OWNERD_SHARED=skip: the contract tests do not run")
	}
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	dir = filepath.Join(dir, "api")
	if _, err := os.Stat(filepath.Join(dir, "jira-cloud-platform-v3.json")); err != nil {
		t.Fatalf("the shared folder's api/ (the official API descriptions, beside this repository) is not at %s: set OWNERD_SHARED, or OWNERD_SHARED=skip to leave these tests out: %v", dir, err)
	}
	return dir
}

func router(t *testing.T) routers.Router {
	t.Helper()
	dir := apiDir(t)
	contractOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join(dir, "jira-cloud-platform-v3.json"))
		if err != nil {
			contractErr = err
			return
		}
		// The description names Atlassian's servers; the fake is on
		// loopback. (It does not pass doc.Validate as a whole: its own
		// examples and two path templates disagree with it, so the routes
		// used are checked one by one instead.)
		doc.Servers = nil
		contractRouter, contractErr = gorillamux.NewRouter(doc)
	})
	if contractErr != nil {
		t.Fatal(contractErr)
	}
	return contractRouter
}

// jiraDateTime accepts Jira's own date-time layout beside RFC 3339: Jira
// writes "+0000" where RFC 3339 wants "+00:00", and its description says
// only "date-time".
var jiraDateTime = openapi3.NewCallbackValidator(func(s string) error {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano} {
		if _, err := time.Parse(layout, s); err == nil {
			return nil
		}
	}
	return fmt.Errorf("not a Jira date-time: %q", s)
})

// recorder captures an answer for validation.
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

// validating checks each request and answer, and collects what breaks the
// contract.
func validating(t *testing.T, problems *[]string, mu *sync.Mutex) func(http.Handler) http.Handler {
	rt := router(t)
	opts := &openapi3filter.Options{
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
		MultiError:              true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.WithStringFormatValidator("date-time", jiraDateTime)},
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := readAll(r)
			v3 := r.Clone(context.Background())
			v3.URL.Path = strings.Replace(r.URL.Path, "/rest/api/2/", "/rest/api/3/", 1)
			v3.URL.RawPath = ""
			v3.Body = newBody(body)
			route, params, err := rt.FindRoute(v3)
			report := func(what string, err error) {
				mu.Lock()
				*problems = append(*problems, fmt.Sprintf("%s %s: %s: %v", r.Method, r.URL.Path, what, err))
				mu.Unlock()
			}
			if err != nil {
				report("no such operation", err)
				next.ServeHTTP(w, r)
				return
			}
			in := &openapi3filter.RequestValidationInput{Request: v3, PathParams: params, Route: route, Options: opts}
			if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
				report("request", err)
			}
			r.Body = newBody(body)
			rec := &recorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.status, Header: rec.Header(), Options: opts}
			out.SetBodyBytes(rec.body.Bytes())
			if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
				report(fmt.Sprintf("answer %d", rec.status), err)
			}
		})
	}
}

// TestContract runs every kind of request the connector makes, on Cloud
// and on Data Center, through a fake whose every exchange is validated.
func TestContract(t *testing.T) {
	for _, flavor := range []jiratest.Flavor{jiratest.Cloud, jiratest.DataCenter} {
		t.Run(string(flavor), func(t *testing.T) {
			var mu sync.Mutex
			var problems []string
			f := setup(t, org, Config{SweepEvery: time.Minute}, jiratest.WithFlavor(flavor), jiratest.WithMiddleware(validating(t, &problems, &mu)))
			ctx := t.Context()
			_, st, err := f.c.Sync(ctx, f.sc.Org, nil)
			if err != nil {
				t.Fatal(err)
			}
			f.now = f.now.Add(2 * time.Minute) // past sweep_every: the id sweep runs too
			if _, _, err := f.c.Sync(ctx, f.sc.Org, st); err != nil {
				t.Fatal(err)
			}
			if _, err := f.c.Post(ctx, "MKT-1", Comment{Body: "first", Marker: map[string]any{"deliverable": "jira:MKT-1"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.c.Post(ctx, "MKT-1", Comment{Body: "second"}); err != nil {
				t.Fatal(err)
			}
			// The paths a sync takes when lists are long, and an error.
			is, _ := f.c.learn(ctx)
			if _, err := f.c.changelog(ctx, is, &issueJSON{ID: "10001", Key: "MKT-1"}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.c.comments(ctx, "10001"); err != nil {
				t.Fatal(err)
			}
			if err := f.c.call(ctx, http.MethodGet, "rest/api/2/issue/NOPE-1", nil, nil, nil); err == nil {
				t.Fatal("want a 404")
			}
			routes := f.fake.Stats().Routes
			if len(routes) < 9 {
				t.Errorf("only %d routes exercised: %v", len(routes), routes)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

func readAll(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	defer r.Body.Close()
	var b bytes.Buffer
	_, err := b.ReadFrom(r.Body)
	return b.Bytes(), err
}

func newBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
