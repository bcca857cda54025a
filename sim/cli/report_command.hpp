// `yucun report SCENARIO.yaml... -o report.html`: runs what the workspace's
// cache lacks (the baseline and each policy, with replicates) and writes the
// planner's report, the workbench's comparison as one offline HTML file
// (python/yucun/workbench/report.py; docs/workbench.md).
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace yucun::cli {

struct ReportArgs {
  std::vector<std::string> scenarios;
  std::string output;
  int replicates = 4;
  std::string baseline = "@baseline";
  std::string workspace = "yucun-workspace";
  std::string lang = "en";
  int threads = 0;
  bool force = false;
};

CLI::App* add_report_command(CLI::App& app, ReportArgs& args);
int report_command(const ReportArgs& args, const char* argv0);

}  // namespace yucun::cli
