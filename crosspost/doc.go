// Package crosspost joins WordPress and Medium: it turns a WordPress post into what Medium
// receives (and Markdown for preview and copying), and its Publisher is the one path every
// route (the app, bulk, the command line) sends through, recording each send in the store's
// ledger (package store).
package crosspost
