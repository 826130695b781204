import { z } from 'zod';
import { TrackerExportError, type TrackerImporter, type TrackerIssue } from './tracker.js';

/**
 * GitHub: what `gh issue list --state all --json number,title,body,state,url,labels` writes
 * (state OPEN/CLOSED, `url`), or the REST API's issues list (state open/closed, `html_url`,
 * pull requests marked by `pull_request`, which are skipped).
 */
const GithubIssueSchema = z.object({
  number: z.number().int(),
  title: z.string().nullable().optional(),
  body: z.string().nullable().optional(),
  state: z.string(),
  url: z.string().optional(),
  html_url: z.string().optional(),
  pull_request: z.unknown().optional(),
});

export const github: TrackerImporter = {
  name: 'github',
  expects:
    'the JSON list of `gh issue list --state all --json number,title,body,state,url,labels` or of GitHub REST API issues',
  read(data: unknown): TrackerIssue[] {
    if (!Array.isArray(data))
      throw new TrackerExportError(`expected a JSON list of issues (${github.expects})`);
    const issues: TrackerIssue[] = [];
    data.forEach((item, index) => {
      const parsed = GithubIssueSchema.safeParse(item);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new TrackerExportError(
          `issue ${index + 1}: ${first ? `${first.path.join('.') || 'entry'}: ${first.message}` : 'not an issue'} (${github.expects})`,
        );
      }
      const issue = parsed.data;
      if (issue.pull_request !== undefined) return;
      // The REST API's `url` is the API's; the page a person opens is html_url.
      const url = issue.html_url ?? issue.url ?? null;
      issues.push({
        id: idOf(url, issue.number),
        title: issue.title ?? null,
        url,
        state: issue.state.toLowerCase() === 'closed' ? 'closed' : 'open',
        text: issue.body ?? '',
      });
    });
    return issues;
  },
};

function idOf(url: string | null, number: number): string {
  const match = url ? /github\.com\/([^/]+\/[^/]+)\/issues\//.exec(url) : null;
  return match ? `${match[1]}#${number}` : `#${number}`;
}
