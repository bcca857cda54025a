// Household members of working age, one entry each (structure of arrays,
// grouped by household), with the job each holds.
#pragma once

#include <cstdint>
#include <vector>

namespace yucun {

enum class JobState : std::uint8_t { own_business = 0, local_firm = 1, county_job = 2, migrant = 3 };
inline constexpr std::size_t kJobStates = 4;

// Schooling, in the census's three broad levels: junior secondary or less,
// senior secondary (with vocational), college and above. Wages in every job
// rise with it (labour.skill_wage_*, docs/ODD.md 7.16).
enum class Skill : std::uint8_t { basic = 0, secondary = 1, tertiary = 2 };
inline constexpr std::size_t kSkills = 3;

struct Workers {
  std::vector<std::uint32_t> household;
  std::vector<JobState> state;
  std::vector<std::int32_t> employer;  // firm id while in local_firm, else -1
  std::vector<Skill> skill;            // empty: every worker basic
  std::vector<std::size_t> household_begin;  // per household + 1: its workers' range

  std::size_t size() const { return household.size(); }
  Skill skill_of(std::size_t i) const { return skill.empty() ? Skill::basic : skill[i]; }

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(household, state, employer, skill, household_begin); }
};

}  // namespace yucun
