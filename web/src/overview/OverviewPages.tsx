// Response progress pages: /progress for admins and analysts, and the leader's home /dashboard, which opens on
// the response progress of each round in the leader's scope until the leadership dashboard's charts join it.
import { StaffPage } from "../staff/StaffPage";
import { ProgressOverview } from "./ProgressOverview";

export function ProgressPage() {
  return <StaffPage path="/progress">{({ units }) => <ProgressOverview scopeUnits={units} />}</StaffPage>;
}

export function DashboardPage() {
  return <StaffPage path="/dashboard">{({ units }) => <ProgressOverview scopeUnits={units} />}</StaffPage>;
}
