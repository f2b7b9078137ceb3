// Signed audit checkpoints: what an auditor keeps outside the archive so that the audit log can
// be proven to someone who does not trust catalogue.sqlite.
//
// The audit log is a hash chain (audit_log.h): the hash of entry k commits to entries 1..k. A
// checkpoint is that hash for entry N (the head) and for a few earlier positions, signed with an
// Ed25519 key (OpenSSL) that lives outside the archive folder. Whoever can write the catalogue
// can cut or re-hash the log, but cannot sign a new checkpoint; so `audit verify --checkpoint`
// recomputes every hash from the rows' fields and finds the log shorter than N (cut) or its hash
// at a signed position different (rewritten). The earlier positions narrow a rewrite down to the
// entries between two of them; several checkpoints narrow it further.
//
// Why not an RFC 9162 Merkle tree: its proofs let a verifier check one entry or one extension
// without reading the log. Here the verifier always reads the whole log, and a chain hash at
// position k proves the prefix 1..k just as a Merkle root would, while staying short enough to
// read off paper.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dangan/base/status.h"

namespace dangan {

struct AuditCheckpoint {
  std::string fonds, company;  // 全宗号, 立档单位
  int64_t entries = 0;         // 条数 N
  // (k, hash of entry k) in increasing k; the last one is (N, head).
  std::vector<std::pair<int64_t, std::string>> anchors;
  std::string at;          // when it was signed (ISO 8601 local time)
  std::string public_key;  // Ed25519, 64 hex digits
  std::string signature;   // Ed25519 over CheckpointSignedText, 128 hex digits
  std::string source;      // the file it was read from (for messages; not signed)

  const std::string& head() const { return anchors.back().second; }
};

// The positions a checkpoint of N entries carries: ⌈N·i/8⌉ for i = 1..8 (deduplicated), so at
// most 8 hashes and a rewrite is placed within an eighth of the log.
std::vector<int64_t> CheckpointPositions(int64_t entries);

// The text that is signed: every line of the file but the signature, in a fixed form.
std::string CheckpointSignedText(const AuditCheckpoint& c);
// The printable file: CheckpointSignedText plus the 签名 line.
std::string CheckpointFileText(const AuditCheckpoint& c);
// Reads a checkpoint file (lines "标签：值"); a file that is not one is refused naming it.
Status ReadCheckpointFile(const std::string& path, AuditCheckpoint* out);
// Whether the signature is the public key's over the signed text.
bool CheckpointSignatureValid(const AuditCheckpoint& c);

// The signing key. PATH must not lie inside `archive_dir` (whoever writes the archive must not
// thereby read the key). A new key is written with mode 0600 and never over an existing file;
// an existing file is reused if it is an Ed25519 private key readable by its owner only (one key
// may serve several archives, and `audit key` may name the key `init` made). `public_key`
// receives the public half as hex.
Status CheckKeyPlace(const std::string& key_path, const std::string& archive_dir);
Status CreateOrReuseSigningKey(const std::string& key_path, const std::string& archive_dir,
                               std::string* public_key);
// PATH made absolute, with symbolic links resolved as far as it exists (how the key's path is
// compared with the archive folder and recorded).
std::string ResolvedPath(const std::string& path);
// Signs `c` (public_key and signature are filled) with the key at PATH.
Status SignCheckpoint(const std::string& key_path, AuditCheckpoint* c);
// The public key of the private key at PATH, as hex.
Status ReadPublicKey(const std::string& key_path, std::string* public_key);

}  // namespace dangan
