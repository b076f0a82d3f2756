/** A view whose feature has not landed yet: says so plainly instead of showing fake data. */
export function ComingView({ title, text }: { title: string; text: string }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      <p>{text}</p>
    </div>
  );
}
