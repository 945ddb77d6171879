package store

import (
	"crypto/rand"
	"encoding/hex"
	"os"
)

// ownerToken makes the owners directory and a random name for this
// process's file in it (see owner).
func ownerToken(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
