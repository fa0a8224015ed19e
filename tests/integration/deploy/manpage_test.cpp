// SPDX-License-Identifier: Apache-2.0
// The man pages the build made (build/man/*.gz, what the package installs), read as `man` shows
// them, against what the programs print themselves: sitewatch.toml(5) must say, key by key,
// what `sitewatchd --print-config-reference` says (the source of docs/config.md), and each
// program's page must name every option of its --help.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

#include "deploy_support.hpp"

namespace fs = std::filesystem;
using namespace sw::test::deploy;

namespace {

fs::path page(const std::string& name) {
  return build_dir() / "man" / (name + ".gz");
}

std::string collapse_spaces(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The page as `man` renders it for a reader, on one long line per paragraph (no hyphenation, no
// justification), then with every run of white space made one space.
std::string rendered(const fs::path& file) {
  REQUIRE(fs::exists(file));
  const auto result =
      run("MANWIDTH=10000 LC_ALL=C.UTF-8 man --no-hyphenation --no-justification -l " +
          shell_quote(file.string()));
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  return collapse_spaces(result.output);
}

// Markdown's inline markup as the page shows it: `code` and **strong** without their marks.
std::string plain(std::string text) {
  text = std::regex_replace(text, std::regex("\\*\\*"), "");
  text.erase(std::remove(text.begin(), text.end(), '`'), text.end());
  return collapse_spaces(text);
}

std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  std::string inner = row.substr(1, row.rfind('|') - 1);
  std::istringstream in(inner);
  std::string cell;
  while (std::getline(in, cell, '|')) cells.push_back(plain(cell));
  return cells;
}

// What `sitewatchctl --help`-style text lists as options: "-c,--config" → {"-c", "--config"}.
std::vector<std::string> option_names(const std::string& help) {
  std::vector<std::string> names;
  const std::regex option("(^|\\n)  ((-[A-Za-z0-9],)?--?[A-Za-z0-9-]+)");
  for (auto it = std::sregex_iterator(help.begin(), help.end(), option);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[2]);
  return names;
}

std::string program(const std::string& name) {
  return (fs::path(SITEWATCH_BIN_DIR) / name).string();
}

}  // namespace

TEST_CASE("sitewatch.toml(5) says what sitewatchd --print-config-reference says, key by key") {
  const auto reference = run(shell_quote(program("sitewatchd")) + " --print-config-reference");
  REQUIRE(reference.exit_code == 0);
  const std::string man = rendered(page("sitewatch.toml.5"));

  // Every section heading, every key with its type, default and description, and every
  // paragraph, in the reference's order.
  std::istringstream in(reference.output);
  std::string line;
  std::size_t at = 0;
  int keys = 0;
  bool profiles = false;  // the built-in profiles' table: one tagged entry per profile
  while (std::getline(in, line)) {
    if (line.rfind("| profile |", 0) == 0) {
      profiles = true;
      continue;
    }
    if (line.empty() || line.rfind("# ", 0) == 0 || line.rfind("|---", 0) == 0 ||
        line.rfind("| key |", 0) == 0)
      continue;
    std::string expected;
    if (line.rfind("### ", 0) == 0) {
      profiles = false;
      expected = plain(line.substr(4));
    } else if (profiles && line[0] == '|') {
      expected = cells_of(line).at(0);
    } else if (line[0] == '|') {
      const auto cells = cells_of(line);
      REQUIRE(cells.size() == 4);
      expected = cells[0] + " " + cells[1] +
                 (cells[2] == "required" ? "; required " : "; default: " + cells[2] + " ") +
                 cells[3];
      ++keys;
    } else {
      expected = plain(line);
    }
    CAPTURE(line, expected);
    const auto found = man.find(expected, at);
    CHECK(found != std::string::npos);
    if (found != std::string::npos) at = found + expected.size();
  }
  CHECK(keys > 100);  // the reference really was read
}

TEST_CASE("each program's man page names every option its --help lists") {
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"sitewatchd", "sitewatchd.8"},
      {"sitewatchctl", "sitewatchctl.1"},
      {"sitewatch-sim", "sitewatch-sim.1"}};
  for (const auto& [name, man_page] : pages) {
    CAPTURE(name);
    const auto help = run(shell_quote(program(name)) + " --help");
    REQUIRE(help.exit_code == 0);
    const std::string man = rendered(page(man_page));
    const auto names = option_names(help.output);
    CHECK(names.size() >= 2);
    for (const auto& option : names) {
      CAPTURE(option);
      CHECK(man.find(option) != std::string::npos);
    }
  }
}

TEST_CASE("sitewatchctl(1) has a section for every console command") {
  const auto help = run(shell_quote(program("sitewatchctl")) + " --help");
  REQUIRE(help.exit_code == 0);
  const std::string man = rendered(page("sitewatchctl.1"));
  const auto commands_at = help.output.find("Subcommands:");
  REQUIRE(commands_at != std::string::npos);
  std::istringstream in(help.output.substr(commands_at));
  std::string line;
  std::getline(in, line);
  int commands = 0;
  while (std::getline(in, line)) {
    if (line.rfind("  ", 0) != 0 || line.size() < 3 || line[2] == ' ') continue;
    const std::string command = line.substr(2, line.find(' ', 2) - 2);
    CAPTURE(command);
    CHECK(man.find(" " + command + " ") != std::string::npos);
    ++commands;
  }
  CHECK(commands >= 5);
}
