// Runs the real opsynth executable (or any other program) as a user would: arguments in, exit code and
// output back.
#pragma once

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "paths.hpp"

extern char** environ;

namespace opsynth::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string opsynth_binary() { return build_dir() + "/opsynth"; }

inline std::string slurp_and_remove(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path.c_str());
  return text.str();
}

// Runs `binary` with `args`, stdout and stderr into temporary files; `env` entries are added to ours.
inline CliRun run_program(std::string binary, const std::vector<std::string>& args,
                          const std::vector<std::string>& env = {}) {
  char out_path[] = "/tmp/opsynth_cli_out_XXXXXX";
  char err_path[] = "/tmp/opsynth_cli_err_XXXXXX";
  int out_fd = mkstemp(out_path);
  int err_fd = mkstemp(err_path);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<char*> argv{binary.data()};
  std::vector<std::string> owned_args = args;
  for (auto& a : owned_args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> owned_env = env;
  std::vector<char*> envp;
  for (auto& e : owned_env) envp.push_back(e.data());
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  envp.push_back(nullptr);
  CliRun run;
  pid_t pid = 0;
  if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data()) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  close(out_fd);
  close(err_fd);
  run.out = slurp_and_remove(out_path);
  run.err = slurp_and_remove(err_path);
  return run;
}

// Runs opsynth with `args`, as run_program does.
inline CliRun run_opsynth(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  return run_program(opsynth_binary(), args, env);
}

}  // namespace opsynth::testing
