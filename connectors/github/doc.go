// Package github is the connector for GitHub: it reads repositories'
// issues and pull requests through the repository-wide streams, each
// request conditional, into the model.
package github
