// One headline figure of a staff page (a count or a rate over its label), styled by staff.css's .figure-row.
// Shared by the progress overview and the supervision page.
export function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="figure">
      <span className="figure-value">{value}</span>
      <span className="hint">{label}</span>
    </div>
  );
}
