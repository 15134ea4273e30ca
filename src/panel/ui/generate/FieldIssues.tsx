/** The problems with one field, under it, as the editor types; `quiet` before the editor has typed anything. */
export function FieldIssues({ messages, testId, quiet }: { messages: readonly string[] | undefined; testId?: string; quiet?: boolean }) {
  if (!messages?.length) return null;
  return (
    <>
      {messages.map((message) => (
        <div key={message} className={quiet ? "sb-hint" : "sb-issue"} data-testid={testId ? `issue-${testId}` : undefined}>
          {message}
        </div>
      ))}
    </>
  );
}
