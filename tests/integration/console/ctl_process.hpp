// SPDX-License-Identifier: Apache-2.0
#pragma once
// The real sitewatchctl binary as a child process, run the way a person or a script runs it: no
// terminal (stdout and stderr are files, kept apart), TERM=xterm and NO_COLOR unset (so only the
// missing terminal keeps colour off), and optionally as another user (root ignores file
// permissions, so an access test is only honest as somebody else).
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/child_process.hpp"

extern char** environ;

namespace sw::test {

struct CtlResult {
  int code = -1;    // exit status, or 128 + signal
  std::string out;  // stdout
  std::string err;  // stderr
  nlohmann::json json() const { return nlohmann::json::parse(out, nullptr, false); }
};

struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups
};

struct CtlEnv {
  std::vector<std::string> set;  // "NAME=value", on top of the test's own environment
  std::optional<RunAs> user;
};

class CtlProcess {
 public:
  explicit CtlProcess(std::vector<std::string> args, const CtlEnv& env = {}) {
    const auto command = built_command("sitewatchctl");
    args.insert(args.begin(), command.begin(), command.end());
    // Everything the child needs is built before fork(): after it, only system calls.
    std::vector<std::string> environment;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry(*e);
      if (entry.rfind("NO_COLOR=", 0) == 0 || entry.rfind("TERM=", 0) == 0 ||
          entry.rfind("SITEWATCH_SOCKET=", 0) == 0)
        continue;
      environment.push_back(entry);
    }
    environment.push_back("TERM=xterm");
    for (const auto& e : env.set) environment.push_back(e);
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);

    out_ = std::tmpfile();
    err_ = std::tmpfile();
    const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out_ == nullptr || err_ == nullptr || null_in < 0)
      throw std::runtime_error("cannot open the output files of sitewatchctl");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(null_in, STDIN_FILENO);
      ::dup2(::fileno(out_), STDOUT_FILENO);
      ::dup2(::fileno(err_), STDERR_FILENO);
      if (env.user) {
        const auto& u = *env.user;
        if (::setgroups(u.groups.size(), u.groups.data()) != 0 || ::setgid(u.gid) != 0 ||
            ::setuid(u.uid) != 0)
          ::_exit(126);
      }
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(null_in);
  }

  ~CtlProcess() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::fclose(out_);
    std::fclose(err_);
  }
  CtlProcess(const CtlProcess&) = delete;
  CtlProcess& operator=(const CtlProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig) {
    if (!status_) ::kill(pid_, sig);
  }
  bool running() { return !reap(); }

  // What it has written to stdout so far.
  std::string out() const { return contents(out_); }
  std::string err() const { return contents(err_); }

  // Awaits its exit; nullopt when it is still running after `timeout`.
  std::optional<CtlResult> wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!reap()) {
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return CtlResult{*status_, out(), err()};
  }

 private:
  bool reap() {
    if (status_) return true;
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) != pid_) return false;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return true;
  }

  static std::string contents(std::FILE* file) {
    std::string text;
    char buffer[8192];
    off_t at = 0;
    for (ssize_t n; (n = ::pread(::fileno(file), buffer, sizeof buffer, at)) > 0; at += n)
      text.append(buffer, static_cast<std::size_t>(n));
    return text;
  }

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::FILE* out_ = nullptr;
  std::FILE* err_ = nullptr;
};

// Runs sitewatchctl to its end. A run that does not end within `timeout` is killed and reported
// with code -1 (no command of a healthy console takes that long).
inline CtlResult run_ctl(std::vector<std::string> args, const CtlEnv& env = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  CtlProcess ctl(std::move(args), env);
  if (auto result = ctl.wait(timeout)) return *result;
  return CtlResult{-1, ctl.out(), ctl.err() + "\n(killed: still running after the timeout)"};
}

}  // namespace sw::test
