// Package crosspost joins WordPress and Medium: it turns a WordPress post into what Medium
// receives (and Markdown for preview and copying), and records what was sent.
package crosspost
