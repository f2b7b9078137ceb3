#include "dangan/accounts/accounts.h"

#include <openssl/sha.h>
#include <sodium.h>

#include <condition_variable>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

#include "dangan/records/text.h"

namespace dangan::accounts {
namespace {

constexpr const char* kWrongNameOrPassword = "用户名或密码错误";

size_t CountChars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count lead bytes, not continuations
  return n;
}

Status CheckPassword(const std::string& password) {
  if (CountChars(password) < static_cast<size_t>(kMinPasswordChars)) {
    return Status::InvalidArgument("密码至少 " + std::to_string(kMinPasswordChars) +
                                   " 个字符（现为 " + std::to_string(CountChars(password)) +
                                   " 个）");
  }
  return Status::Ok();
}

Status InitSodium() {
  if (sodium_init() < 0) return Status::Internal("无法初始化 libsodium");
  return Status::Ok();
}

// Each Argon2id computation holds 64 MiB for its duration: at most two run at once (the server's
// two cores), the others wait, so fifty users signing in together cost 128 MiB, not 3 GiB.
class HashSlots {
 public:
  HashSlots() {
    std::unique_lock<std::mutex> lock(mu_);
    free_.wait(lock, [] { return in_use_ < kMaxConcurrentHashes; });
    ++in_use_;
  }
  ~HashSlots() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      --in_use_;
    }
    free_.notify_one();
  }

 private:
  static constexpr int kMaxConcurrentHashes = 2;
  static inline std::mutex mu_;
  static inline std::condition_variable free_;
  static inline int in_use_ = 0;
};

Status HashPassword(const std::string& password, std::string* hash) {
  DANGAN_RETURN_IF_ERROR(InitSodium());
  HashSlots slot;
  char out[crypto_pwhash_STRBYTES];
  // INTERACTIVE limits (64 MiB, 2 passes): a sign-in takes well under a second on the archive's
  // small server and several sign-ins at once do not exhaust its memory, while each guess still
  // costs an attacker with a stolen catalogue 64 MiB of memory.
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("内存不足，无法计算密码散列");
  }
  *hash = out;
  return Status::Ok();
}

bool PasswordMatches(const std::string& hash, const std::string& password) {
  HashSlots slot;
  return sodium_init() >= 0 &&
         crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string Hex(const unsigned char* p, size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += kDigits[p[i] >> 4];
    s += kDigits[p[i] & 15];
  }
  return s;
}

std::string TokenDigest(const std::string& token) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), d);
  return Hex(d, sizeof d);
}

Status ToAccount(const AccountRow& row, Account* out) {
  auto role = ParseRole(row.role);
  auto clearance = ParseSecrecy(row.clearance);
  if (!role || !clearance) {
    return Status::Corruption("账户「" + row.name + "」的角色或密级无效：" + row.role + " / " +
                              row.clearance);
  }
  *out = Account{row.name,         *role,         *clearance, row.dept, row.disabled,
                 row.locked_until, row.created_at};
  return Status::Ok();
}

std::string Detail(const nlohmann::json& j) { return j.dump(); }

}  // namespace

int64_t SystemNow() { return static_cast<int64_t>(std::time(nullptr)); }

bool IsArgon2idHash(const std::string& hash) { return hash.rfind("$argon2id$", 0) == 0; }

Accounts::Accounts(Archive& archive, std::string who, Clock clock)
    : archive_(archive), who_(std::move(who)), clock_(std::move(clock)) {}

Status Accounts::AddAccount(const std::string& name, Role role, Secrecy clearance,
                            const std::string& dept, const std::string& password) {
  Problem bad = CheckText("用户名", name, TextLines::kOne);
  if (!bad.code.empty()) return Status::InvalidArgument(bad);
  if (Trim(name).empty() || Trim(name) != name) {
    return Status::InvalidArgument("用户名「" + name + "」不能为空，首尾不能有空格");
  }
  bad = CheckText("机构", dept, TextLines::kOne);
  if (!bad.code.empty()) return Status::InvalidArgument(bad);
  DANGAN_RETURN_IF_ERROR(CheckPassword(password));
  AccountRow row;
  row.name = name;
  row.role = RoleName(role);
  row.clearance = SecrecyName(clearance);
  row.dept = dept;
  row.created_at = clock_();
  DANGAN_RETURN_IF_ERROR(HashPassword(password, &row.password_hash));
  return archive_.InsertAccount(
      row,
      {who_, "新建账户",
       Detail({{"name", name}, {"role", row.role}, {"clearance", row.clearance}, {"dept", dept}})});
}

Status Accounts::ListAccounts(std::vector<Account>* out) {
  out->clear();
  std::vector<AccountRow> rows;
  DANGAN_RETURN_IF_ERROR(archive_.ReadAccounts(&rows));
  for (const AccountRow& row : rows) {
    Account a;
    DANGAN_RETURN_IF_ERROR(ToAccount(row, &a));
    out->push_back(a);
  }
  return Status::Ok();
}

Status Accounts::ChangePassword(const std::string& name, const std::string& password) {
  DANGAN_RETURN_IF_ERROR(CheckPassword(password));
  AccountRow row;
  DANGAN_RETURN_IF_ERROR(archive_.ReadAccount(name, &row));
  DANGAN_RETURN_IF_ERROR(HashPassword(password, &row.password_hash));
  row.failures = 0;
  row.locked_until = 0;
  // Sessions opened with the old password end: it may be why the password is changed.
  return archive_.UpdateAccount(row, true, {who_, "修改密码", Detail({{"name", name}})});
}

Status Accounts::DisableAccount(const std::string& name) {
  AccountRow row;
  DANGAN_RETURN_IF_ERROR(archive_.ReadAccount(name, &row));
  row.disabled = true;
  return archive_.UpdateAccount(row, true, {who_, "停用账户", Detail({{"name", name}})});
}

Status Accounts::RecordFailure(AccountRow row) {
  const int64_t now = clock_();
  if (row.first_failure_at + kFailureWindowSeconds <= now) {
    row.failures = 0;
    row.first_failure_at = now;
  }
  ++row.failures;
  if (row.failures < kMaxFailures) {
    DANGAN_RETURN_IF_ERROR(
        archive_.UpdateAccount(row, false, {row.name, "登录失败", Detail({{"name", row.name}})}));
    return Status::InvalidArgument(kWrongNameOrPassword);
  }
  row.failures = 0;
  row.first_failure_at = 0;
  row.locked_until = now + kLockSeconds;
  DANGAN_RETURN_IF_ERROR(archive_.UpdateAccount(
      row, false,
      {row.name, "账户锁定",
       Detail(
           {{"name", row.name}, {"failures", kMaxFailures}, {"locked_until", row.locked_until}})}));
  return Status::InvalidArgument(kWrongNameOrPassword);
}

Status Accounts::Authenticate(const std::string& name, const std::string& password, Account* out) {
  AccountRow row;
  DANGAN_RETURN_IF_ERROR(CheckPasswordOf(name, password, &row));
  return ToAccount(row, out);
}

Status Accounts::CheckPasswordOf(const std::string& name, const std::string& password,
                                 AccountRow* out) {
  AccountRow& row = *out;
  Status found = archive_.ReadAccount(name, &row);
  if (found.code() == Status::Code::kNotFound) {
    // Spend the time of a hash anyway, so the answer's delay does not tell the name is unknown.
    std::string ignored;
    (void)HashPassword(password, &ignored);
    return Status::InvalidArgument(kWrongNameOrPassword);
  }
  DANGAN_RETURN_IF_ERROR(found);
  const int64_t now = clock_();
  if (row.locked_until > now) {
    const int64_t minutes = (row.locked_until - now + 59) / 60;
    return Status::ResourceExhausted("登录失败次数过多，账户已锁定，请 " + std::to_string(minutes) +
                                     " 分钟后再试");
  }
  if (!PasswordMatches(row.password_hash, password)) return RecordFailure(row);
  if (row.disabled) return Status::InvalidArgument(kWrongNameOrPassword);
  if (row.failures != 0 || row.locked_until != 0) {
    row.failures = 0;
    row.first_failure_at = 0;
    row.locked_until = 0;
    DANGAN_RETURN_IF_ERROR(archive_.UpdateAccount(row, false, {}));
  }
  return Status::Ok();
}

Status Accounts::SignIn(const std::string& name, const std::string& password, std::string* token) {
  AccountRow row;
  DANGAN_RETURN_IF_ERROR(CheckPasswordOf(name, password, &row));
  unsigned char raw[32];
  DANGAN_RETURN_IF_ERROR(InitSodium());
  randombytes_buf(raw, sizeof raw);
  *token = Hex(raw, sizeof raw);
  const int64_t now = clock_();
  return archive_.InsertSession({TokenDigest(*token), row.id, now, now},
                                {row.name, "登录", Detail({{"name", row.name}})});
}

Status Accounts::ResumeSession(const std::string& token, Account* out) {
  SessionRow session;
  AccountRow row;
  const std::string digest = TokenDigest(token);
  DANGAN_RETURN_IF_ERROR(archive_.ReadSession(digest, &session, &row));
  const int64_t now = clock_();
  if (row.disabled || session.last_seen + kIdleTimeoutSeconds <= now) {
    DANGAN_RETURN_IF_ERROR(archive_.DeleteSession(digest));
    return Status::NotFound("会话已过期（闲置超过 " + std::to_string(kIdleTimeoutSeconds / 60) +
                            " 分钟）或账户已停用，请重新登录");
  }
  // A 30-minute idle limit needs last-seen to the minute, not to the request: most requests then
  // write nothing and do not queue behind a long write (an import from the browser holds the
  // archive's write lock for its whole run). Should the write still fail (busy), the session
  // read above is valid all the same.
  constexpr int64_t kTouchAfterSeconds = 60;
  if (now - session.last_seen >= kTouchAfterSeconds) (void)archive_.TouchSession(digest, now);
  return ToAccount(row, out);
}

Status Accounts::SignOut(const std::string& token) {
  return archive_.DeleteSession(TokenDigest(token));
}

}  // namespace dangan::accounts
