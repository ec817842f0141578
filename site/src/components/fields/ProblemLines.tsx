/**
 * What went wrong with a form, for its alert region: the title in bold, then the detail and
 * any further lines (the API's field errors that name no field shown here).
 */
export default function ProblemLines({
  problem,
}: {
  problem: { title: string; detail?: string | undefined; more?: string[] | undefined };
}) {
  return (
    <>
      <p>
        <strong>{problem.title}</strong>
      </p>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.more?.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </>
  );
}
