import { tailFollowUses, itemPath } from '../src/model/command-paths.js';
import { describeContainer } from '../src/model/containers.js';
import { looksLikeLog } from '../src/model/shell.js';
import { tailFollowByNameFix } from '../src/fix/builders.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'tail-follow-by-name',
    description: 'Require tail to follow log files by name (tail -F) so it survives log rotation',
    severity: 'warning',
    docs: 'rules/tail-follow-by-name.md',
    tags: ['sidecar', 'logging'],
    fixable: true,
    messages: {
      descriptor:
        '{{container}} runs "tail {{flag}}" on {{files}}, which follows the open file, not its name: after the log is rotated it keeps reading the deleted file and ships nothing new. Use "tail -F" (--follow=name --retry).',
    },
  },
  check(pod, context) {
    for (const info of pod.containers) {
      if (info.role === 'ephemeral') continue;
      const reported = new Set<string>();
      for (const use of tailFollowUses(info.container)) {
        if (use.byName) continue;
        // Rotation is what breaks `tail -f`: only a log is rotated (a data file a demo appends to is not).
        if (!use.files.some(looksLikeLog) && info.helper?.category !== 'logging') continue;
        const path = [...info.path, ...itemPath(use.item)];
        const key = path.join('/');
        if (reported.has(key)) continue;
        reported.add(key);
        context.report({
          path,
          messageId: 'descriptor',
          data: { container: describeContainer(info), flag: use.flag, files: use.files.join(' ') },
          container: info,
          fix: tailFollowByNameFix(path, use.item.text),
        });
      }
    }
  },
});
