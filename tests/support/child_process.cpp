// SPDX-License-Identifier: Apache-2.0
#include "support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sw::test {

ChildProcess::ChildProcess(std::vector<std::string> argv, std::string log_path,
                           std::vector<std::string> extra_env)
    : log_path_(std::move(log_path)) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    ::setpgid(0, 0);
    for (auto& e : extra_env) ::putenv(e.data());
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) stop(3000);
}

std::optional<int> ChildProcess::reap(bool block) {
  if (status_) return status_;
  int st = 0;
  const pid_t r = ::waitpid(pid_, &st, block ? 0 : WNOHANG);
  if (r == pid_) {
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
  return status_;
}

bool ChildProcess::running() {
  return !reap(false).has_value();
}

void ChildProcess::signal(int sig) {
  if (running()) ::kill(pid_, sig);
}

std::optional<int> ChildProcess::wait_exit(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto st = reap(false)) return st;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return reap(false);
}

int ChildProcess::stop(int timeout_ms) {
  if (status_) return *status_;
  ::kill(pid_, SIGTERM);
  if (auto st = wait_exit(timeout_ms)) return *st;
  kill_hard();
  return status_.value_or(-1);
}

void ChildProcess::kill_hard() {
  if (status_) return;
  ::kill(pid_, SIGKILL);
  reap(true);
}

std::string ChildProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string built_program(const std::string& name) {
#ifdef SITEWATCH_BIN_DIR
  const std::string candidate = std::string(SITEWATCH_BIN_DIR) + "/" + name;
  if (::access(candidate.c_str(), X_OK) == 0) return candidate;
#endif
  return name;
}

const std::vector<std::string>& program_emulator() {
  static const std::vector<std::string> words{
#ifdef SITEWATCH_TEST_EMULATOR
      SITEWATCH_TEST_EMULATOR  // "word", ... from the top-level CMakeLists.txt
#endif
  };
  return words;
}

std::vector<std::string> built_command(const std::string& name) {
  std::vector<std::string> argv = program_emulator();
  argv.push_back(built_program(name));
  return argv;
}

}  // namespace sw::test
