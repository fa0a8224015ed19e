// SPDX-License-Identifier: Apache-2.0
#pragma once
// A program started by a test (the broker, the daemon, the simulator): its output goes to a log
// file the test can read; it is killed when the object goes.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace sw::test {

class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::string log_path,
               std::vector<std::string> extra_env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // Sends SIGTERM and waits up to `timeout_ms`, then SIGKILL. Returns the exit status as
  // WEXITSTATUS, or 128+signal.
  int stop(int timeout_ms = 5000);
  void kill_hard();  // SIGKILL, reaped
  // Waits for the child to exit on its own; nullopt on timeout.
  std::optional<int> wait_exit(int timeout_ms);
  std::string log() const;
  const std::string& log_path() const { return log_path_; }

 private:
  std::optional<int> reap(bool block);
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string log_path_;
};

// Path of a built program (set by CMake as SITEWATCH_BIN_DIR) or a system one found on PATH.
std::string built_program(const std::string& name);

// The words in front of a built program's path that make it run here: in a cross build the
// CMAKE_CROSSCOMPILING_EMULATOR (qemu-user), as without binfmt_misc the kernel cannot execve the
// target's ELF; natively none.
const std::vector<std::string>& program_emulator();

// The start of the argv that runs the built program `name`: program_emulator(), then
// built_program(name). What a test that starts sitewatchd, sitewatchctl or sitewatch-sim execs.
std::vector<std::string> built_command(const std::string& name);

}  // namespace sw::test
