package jira

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

// Flavor is the kind of Jira: Cloud and Data Center search differently.
type Flavor string

// The flavors. An empty Flavor is found out from serverInfo.
const (
	Cloud      Flavor = "cloud"
	DataCenter Flavor = "datacenter"
)

// Config is what the connector needs to read one Jira site. Its zero value
// is not usable: URL and credentials are required; everything else has a
// default (WithDefaults).
type Config struct {
	// Name names the connector in logs and metrics ("jira" by default).
	Name string `yaml:"name"`
	// URL is the site's base URL, such as https://agency.atlassian.net.
	URL string `yaml:"url"`
	// Flavor is cloud or datacenter; empty: asked of the server.
	Flavor Flavor `yaml:"flavor"`
	// JQL selects the client-facing issues ("project in (MKT, WEB)");
	// empty: every issue the account can see.
	JQL string `yaml:"jql"`
	// ClientField is a custom field ("customfield_10042") that names the
	// issue's client; an issue with a value in it is client-facing, as one
	// with a tracked label is.
	ClientField string `yaml:"client_field"`

	// Email and APIToken authenticate on Cloud; Token (a personal access
	// token) on Data Center. A secret is read from the environment or a
	// file, never written in the configuration itself: APITokenEnv or
	// APITokenFile, TokenEnv or TokenFile.
	Email        string `yaml:"email"`
	APITokenEnv  string `yaml:"api_token_env"`
	APITokenFile string `yaml:"api_token_file"`
	TokenEnv     string `yaml:"token_env"`
	TokenFile    string `yaml:"token_file"`

	// PageSize is how many issues a search page asks for (at most 100).
	PageSize int `yaml:"page_size"`
	// Overlap is how far before its watermark an incremental search
	// starts again: JQL compares to the minute, and clocks differ.
	Overlap time.Duration `yaml:"overlap"`
	// SweepEvery is how often every issue id in scope is listed, to find
	// issues deleted or moved out of scope.
	SweepEvery time.Duration `yaml:"sweep_every"`
	// Timeout bounds one HTTP request, each retry its own.
	Timeout time.Duration `yaml:"timeout"`
	// Retries is how many times a request that failed for a passing
	// reason (a 5xx, a 429, a timeout) is tried again.
	Retries int `yaml:"retries"`
	// Concurrency bounds the requests in flight (changelog and comment
	// pages of several issues).
	Concurrency int `yaml:"concurrency"`
}

// WithDefaults returns c with every unset option at its default.
func (c Config) WithDefaults() Config {
	if c.Name == "" {
		c.Name = "jira"
	}
	if c.PageSize == 0 {
		c.PageSize = 100
	}
	if c.Overlap == 0 {
		c.Overlap = 2 * time.Minute
	}
	if c.SweepEvery == 0 {
		c.SweepEvery = time.Hour
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Retries == 0 {
		c.Retries = 4
	}
	if c.Concurrency == 0 {
		c.Concurrency = 4
	}
	return c
}

// Validate reports every problem with the configuration, each naming its
// key.
func (c Config) Validate() error { return c.validate(false) }

// validate is Validate; given says credentials come from elsewhere.
func (c Config) validate(given bool) error {
	var errs []error
	if u, err := url.Parse(c.URL); c.URL == "" || err != nil || u.Scheme == "" || u.Host == "" {
		errs = append(errs, fmt.Errorf("url: %q is not a URL (want https://your-site.atlassian.net)", redact(c.URL)))
	} else if u.User != nil {
		errs = append(errs, fmt.Errorf("url: %q holds credentials: name them with email and api_token_env or token_file instead", redact(c.URL)))
	}
	if strings.Contains(strings.ToLower(c.JQL), "order by") {
		errs = append(errs, fmt.Errorf("jql: %q orders its results: give only the scope, ownerd orders its searches itself", c.JQL))
	}
	switch c.Flavor {
	case "", Cloud, DataCenter:
	default:
		errs = append(errs, fmt.Errorf("flavor: %q is not cloud or datacenter", c.Flavor))
	}
	cloudAuth := c.APITokenEnv != "" || c.APITokenFile != ""
	dcAuth := c.TokenEnv != "" || c.TokenFile != ""
	switch {
	case cloudAuth && dcAuth:
		errs = append(errs, errors.New("api_token_* and token_*: give one way to authenticate, not both"))
	case !cloudAuth && !dcAuth && !given:
		errs = append(errs, errors.New("no credentials: give email with api_token_env or api_token_file (Cloud), or token_env or token_file (Data Center)"))
	case cloudAuth && c.Email == "":
		errs = append(errs, errors.New("email: required with an API token"))
	}
	if c.PageSize < 0 || c.PageSize > 100 {
		errs = append(errs, fmt.Errorf("page_size: %d is not between 1 and 100", c.PageSize))
	}
	if c.ClientField != "" && !strings.HasPrefix(c.ClientField, "customfield_") {
		errs = append(errs, fmt.Errorf("client_field: %q is not a custom field id (want customfield_NNNNN)", c.ClientField))
	}
	return errors.Join(errs...)
}

// redact hides a password written into a URL.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		return u.Redacted()
	}
	if at := strings.LastIndexByte(raw, '@'); at >= 0 {
		if colon := strings.IndexByte(raw[:at], ':'); colon >= 0 && !strings.HasPrefix(raw[colon:], "://") {
			return raw[:colon+1] + "xxxxx" + raw[at:]
		}
	}
	return raw
}

// secret reads a credential from the environment variable or the file
// named. Its value never appears in an error: only where it was looked for.
func secret(env, file string) (string, error) {
	if env != "" {
		v := strings.TrimSpace(os.Getenv(env))
		if v == "" {
			return "", fmt.Errorf("the environment variable %s is empty or unset", env)
		}
		return v, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return "", fmt.Errorf("read the secret file %s: %w", file, pe.Err)
		}
		return "", fmt.Errorf("read the secret file %s", file)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("the secret file %s is empty", file)
	}
	return v, nil
}
