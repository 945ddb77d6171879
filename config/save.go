package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/wp2medium/wp2medium/internal/atomicfile"
)

// Save validates c and writes it to path atomically (internal/atomicfile): a crash
// or a full disk never leaves a half-written config. The file gets mode 0600; a
// missing directory is created with mode 0700. If path is a symlink, the file it
// points to is replaced. An existing wp2medium directory that others may read is
// made 0700 too (see tightenDir).
//
// Save writes every value in c; to keep environment secrets out of the file, edit a
// Config loaded with LoadWithEnv(path, nil).
func Save(path string, c Config) error {
	if err := c.validateAt(path, ""); err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return saveError(path, "its directory cannot be created", err)
	}
	tightenDir(dir)
	if err := saveWriter.WriteFile(path, []byte(encode(c)), 0o600); err != nil {
		return saveError(path, writeProblem(err), err)
	}
	return nil
}

// tightenDir makes wp2medium's own directory private, as Save would have created
// it: one made by hand or by another tool is often 0755, which lets anyone list it.
// Only a directory named for wp2medium (the default location's) is changed: a file
// saved with --config into $HOME or a shared directory leaves that directory alone,
// and no parent is ever touched. A failure is ignored, since the file itself is
// 0600 and the directory may belong to someone else.
func tightenDir(dir string) {
	if filepath.Base(dir) != appDirName || runtime.GOOS == "windows" {
		return
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return
	}
	_ = os.Chmod(dir, 0o700)
}

// saveWriter is replaced by tests to fail a save part-way.
var saveWriter atomicfile.Writer

// writeProblem says in the config's words which step of the write failed.
func writeProblem(err error) string {
	var ae *atomicfile.Error
	if errors.As(err, &ae) {
		switch ae.Op {
		case atomicfile.OpChmod:
			return "cannot be made private (chmod 600)"
		case atomicfile.OpSync:
			return "cannot be written to disk"
		case atomicfile.OpRename:
			return "cannot be replaced"
		}
	}
	return "cannot be written"
}

func saveError(path, problem string, err error) error {
	fix := "check that the directory exists and you may write to it"
	if errors.Is(err, fs.ErrPermission) {
		fix = "you do not have permission; check the directory's owner and mode, or pass --config to save elsewhere"
	}
	return &Error{Path: path, Problem: problem + " (" + errText(err) + ")", Fix: fix, Err: err}
}

// encode writes the file by hand, rather than with toml.Encoder, to keep explanatory
// comments next to the keys.
func encode(c Config) string {
	var b strings.Builder
	var envs []string
	for _, k := range keyTable {
		if k.env != "" {
			envs = append(envs, k.env)
		}
	}
	header := "wp2medium configuration. Environment variables " + joinAnd(envs) + " override it."
	for _, l := range wrap(header, headerWidth-len("# ")) {
		b.WriteString("# " + l + "\n")
	}
	for _, s := range sectionOrder {
		b.WriteString("\n")
		writeSection(&b, &c, s, true)
	}
	return b.String()
}

// headerWidth is the width the file's opening comment is wrapped to.
const headerWidth = 100

// writeSection writes one [section] of c, with each key's help and note as comments
// when comments is true.
func writeSection(b *strings.Builder, c *Config, section string, comments bool) {
	b.WriteString("[" + section + "]\n")
	var tables []keySpec // after the plain keys: TOML puts a [section.name] table last
	for _, k := range keyTable {
		if k.section != section {
			continue
		}
		if _, ok := k.value.(tableValue); ok {
			tables = append(tables, k)
			continue
		}
		if comments && k.help != "" {
			b.WriteString("# " + k.help + "\n")
		}
		b.WriteString(k.name + " = " + k.value.toml(c))
		if comments && k.note != "" {
			b.WriteString("  # " + k.note)
		}
		b.WriteString("\n")
	}
	for _, k := range tables {
		b.WriteString("\n[" + k.dotted() + "]\n")
		if comments && k.help != "" {
			b.WriteString("# " + k.help + "\n")
		}
		for _, l := range k.value.(tableValue).tableLines(c) {
			b.WriteString(l + "\n")
		}
	}
}

// joinAnd lists words as "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// wrap breaks s into lines of at most width bytes at spaces; a longer word gets a
// line of its own.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// tomlString quotes s as a TOML basic string. Go's strconv.Quote is not valid TOML for
// every input (it emits \x.. and \a), so escape by the TOML rules.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f || r == utf8.RuneError {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
