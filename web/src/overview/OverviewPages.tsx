// The analyst's and the leader's homes. Until the workbench (/explore) and the leadership dashboard (/dashboard)
// have their charts, both open on what is already true for the user's scope: the response progress of each round.
import { StaffPage } from "../staff/StaffPage";
import { ProgressOverview } from "./ProgressOverview";

export function ExplorePage() {
  return <StaffPage path="/explore">{({ units }) => <ProgressOverview scopeUnits={units} />}</StaffPage>;
}

export function DashboardPage() {
  return <StaffPage path="/dashboard">{({ units }) => <ProgressOverview scopeUnits={units} />}</StaffPage>;
}
