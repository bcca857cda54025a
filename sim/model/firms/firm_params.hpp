// Typed parameters of the area's firms: restaurants, homestay enterprises and
// activity operators (initial sizes, staff, rent, entry and exit).
#pragma once

namespace yucun {

struct FirmParams {
  // Initial firms are built from each village's capacities.
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

}  // namespace yucun
