// Typed parameters of the area's firms: restaurants, homestay enterprises and
// activity operators (initial sizes, staff, rent, entry and exit).
#pragma once

#include "sim/core/field_bounds.hpp"

namespace yucun {

struct FirmParams {
  // Initial firms are built from each village's capacities; with
  // initial_firms_follow_demand, the area's restaurants are placed where the
  // start year's visitors eat and each village listing activity operators has
  // enough for its start-year visitors.
  bool initial_firms_follow_demand = true;
  double seats_per_restaurant = 60;
  double firm_bed_share = 0.3;            // of a village's beds run by homestay enterprises
  double beds_per_homestay_firm = 24;
  double beds_per_household_homestay = 10;
  double activity_slots_per_operator = 200;  // visitors an operator serves a day
  // Staff needed.
  double staff_per_restaurant = 5;
  double staff_per_homestay_firm = 4;
  double staff_per_activity_operator = 6;
  // Rent to the village collective, per unit of capacity and month.
  double lease_yuan_per_seat_month = 20;
  double lease_yuan_per_bed_month = 40;
  double lease_yuan_per_activity_operator_month = 3000;
  // Entry and exit, reviewed monthly.
  double opening_cash_yuan = 100000;
  double entry_profit_yuan_per_year = 200000;  // expected profit that draws a new firm
  int loss_months_to_exit = 6;
  double cash_buffer_months = 3;  // costs kept in hand; profit above it goes to the owner
  double local_owner_share = 0.5; // firms owned by a village household (else outside investors)
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(FirmParams& p, V&& v) {
  v("initial_firms_follow_demand", p.initial_firms_follow_demand);
  v("seats_per_restaurant", p.seats_per_restaurant, between(1, 1e4));
  v("firm_bed_share", p.firm_bed_share, share());
  v("beds_per_homestay_firm", p.beds_per_homestay_firm, between(1, 1e4));
  v("beds_per_household_homestay", p.beds_per_household_homestay, between(1, 1e3));
  v("activity_slots_per_operator", p.activity_slots_per_operator, between(1, 1e6));
  v("staff_per_restaurant", p.staff_per_restaurant, between(0, 1e3));
  v("staff_per_homestay_firm", p.staff_per_homestay_firm, between(0, 1e3));
  v("staff_per_activity_operator", p.staff_per_activity_operator, between(0, 1e3));
  v("lease_yuan_per_seat_month", p.lease_yuan_per_seat_month, between(0, 1e5));
  v("lease_yuan_per_bed_month", p.lease_yuan_per_bed_month, between(0, 1e5));
  v("lease_yuan_per_activity_operator_month", p.lease_yuan_per_activity_operator_month, between(0, 1e7));
  v("opening_cash_yuan", p.opening_cash_yuan, between(0, 1e10));
  v("entry_profit_yuan_per_year", p.entry_profit_yuan_per_year, between(0, 1e10));
  v("loss_months_to_exit", p.loss_months_to_exit, between(1, 600));
  v("cash_buffer_months", p.cash_buffer_months, between(0, 120));
  v("local_owner_share", p.local_owner_share, share());
}

}  // namespace yucun
