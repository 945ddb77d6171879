package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/internal/atomicfile"
	"github.com/wp2medium/wp2medium/store"
)

// maxLedgerImport bounds what ledger import reads: a ledger of a million
// posts is well under this.
const maxLedgerImport = 512 << 20

// newLedgerCmd is the record of what was sent, as a JSON copy: for backups
// and for moving to another machine. It needs no settings, only the store.
func newLedgerCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ledger",
		Short: "Back up or move the record of what was sent to Medium (export, import)",
		Long: `Medium's API cannot read a story back, so the ledger in the local store is the only
record of which posts are on Medium. Export it as JSON to keep a backup or to move
to another machine, and import it there: records are merged, never replaced.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newLedgerExportCmd(), newLedgerImportCmd())
	return cmd
}

func newLedgerExportCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "export [FILE]",
		Short: "Write the ledger as JSON to FILE (mode 0600), or to the standard output",
		Example: `  wp2medium ledger export ~/wp2medium-ledger.json
  wp2medium ledger export | gzip > backup.json.gz`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openDefaultStore()
			if err != nil {
				return err
			}
			defer st.Close()
			var buf bytes.Buffer
			if err := st.Ledger().Export(&buf); err != nil {
				return err
			}
			if len(args) == 0 || args[0] == "-" {
				_, err := cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			path := args[0]
			if _, err := os.Stat(path); err == nil && !force {
				return usagef("%s exists; choose another name, or add --force to replace it", path)
			}
			if err := atomicfile.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				return fmt.Errorf("cannot write %s: %w", path, err)
			}
			_, err = fmt.Fprintf(cmd.ErrOrStderr(), "Ledger written to %s.\n", path)
			return err
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	return cmd
}

func newLedgerImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Merge a ledger JSON file (an export, or an old ledger.json) into the store",
		Long: `Reads a file written by 'wp2medium ledger export' (or the ledger.json of an older
wp2medium) and merges it into the store, all of it or nothing. A post the store
already has a record of keeps both: whichever says more about Medium stays
current and the other goes into its history, so importing never loses a story.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := readLimited(args[0], maxLedgerImport)
			if err != nil {
				return err
			}
			st, err := openDefaultStore()
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := st.Ledger().Import(args[0], b)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Imported %s: %d new, %d merged, %d already recorded.\n",
				args[0], rep.Added, rep.Merged, rep.Unchanged)
			return err
		},
	}
}

// openDefaultStore opens the user's store.
func openDefaultStore() (*store.Store, error) {
	path, err := store.DefaultPath()
	if err != nil {
		return nil, err
	}
	return store.Open(path)
}

// readLimited reads a file a user named, with a clear message when it
// cannot.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("%s does not exist; give the path of a file written by 'wp2medium ledger export'", path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, usagef("%s is larger than %d MB; it is not a ledger export", path, limit>>20)
	}
	return b, nil
}
