// Creates the pull request comment carrying `marker`, or edits it on re-runs (never duplicates it).
const fs = require('node:fs');

module.exports = async ({ github, context, marker, bodyFile }) => {
  const body = `${marker}\n${fs.readFileSync(bodyFile, 'utf8')}`;
  const { owner, repo } = context.repo;
  const issue_number = context.payload.pull_request.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
  const existing = comments.find((comment) => comment.user?.type === 'Bot' && comment.body?.startsWith(marker));
  if (existing) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
  } else {
    await github.rest.issues.createComment({ owner, repo, issue_number, body });
  }
};
