// Accounts of the archive: who may sign in, with which role, clearance and department (机构).
// The rows live in the catalogue behind a small API of archive.h (AccountRow, SessionRow),
// because an account change must commit together with its audit entry and the catalogue's
// connection is private to archive; the rules live here: names, password length, Argon2id
// hashing (libsodium), lockout after failed sign-ins, session tokens and the idle timeout.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dangan/accounts/roles.h"
#include "dangan/archive/archive.h"
#include "dangan/base/status.h"
#include "dangan/records/secrecy.h"

namespace dangan::accounts {

inline constexpr int kMinPasswordChars = 10;           // characters, not bytes
inline constexpr int kMaxFailures = 5;                 // failed sign-ins within the window...
inline constexpr int64_t kFailureWindowSeconds = 900;  // ...of 15 minutes
inline constexpr int64_t kLockSeconds = 900;           // lock the account for 15 minutes
inline constexpr int64_t kIdleTimeoutSeconds = 1800;   // a session unused for 30 minutes ends

// Unix seconds; injectable so that tests move time instead of sleeping.
using Clock = std::function<int64_t()>;
int64_t SystemNow();

struct Account {
  std::string name;
  Role role = Role::kClerk;
  Secrecy clearance = kDefaultSecrecy;
  std::string dept;  // 机构: the default department of what it files and of its listings
  bool disabled = false;
  int64_t locked_until = 0;
  int64_t created_at = 0;
};

class Accounts {
 public:
  // `who` is written as the actor of account changes (the OS user on the command line, the
  // signed-in administrator in the web application).
  Accounts(Archive& archive, std::string who, Clock clock = SystemNow);

  Status AddAccount(const std::string& name, Role role, Secrecy clearance, const std::string& dept,
                    const std::string& password);
  Status ListAccounts(std::vector<Account>* out);
  Status ChangePassword(const std::string& name, const std::string& password);
  // Also ends every session of the account.
  Status DisableAccount(const std::string& name);

  // A new session token (64 hex digits) for a right name and password. Every refusal but a
  // lockout says only "用户名或密码错误", so nobody learns whether a name exists.
  Status SignIn(const std::string& name, const std::string& password, std::string* token);
  // The account of a right name and password, without a session (the command line's --as).
  // Failures count towards the lockout exactly as failed sign-ins do.
  Status Authenticate(const std::string& name, const std::string& password, Account* out);
  // The account of a live session, whose last-seen time is refreshed.
  Status ResumeSession(const std::string& token, Account* out);
  Status SignOut(const std::string& token);

 private:
  Status RecordFailure(AccountRow row);
  Status CheckPasswordOf(const std::string& name, const std::string& password, AccountRow* out);
  Archive& archive_;
  std::string who_;
  Clock clock_;
};

// For tests and checks: whether `hash` is an Argon2id string libsodium can verify.
bool IsArgon2idHash(const std::string& hash);

}  // namespace dangan::accounts
