import type { ProjectInventory } from './keys-types';

/**
 * The inventory as Markdown, for a README or a password-manager note: which services each project
 * uses, by variable name. It holds names only, never a value, so it is safe to paste anywhere.
 */
export function inventoryMarkdown(inventory: readonly ProjectInventory[], now: Date): string {
  const lines = ['# Key inventory', '', `Variable names only, no values. Written by Agent OS on ${now.toISOString().slice(0, 10)}.`];
  if (inventory.length === 0) lines.push('', 'No projects yet.');
  for (const item of inventory) {
    lines.push('', `## ${item.project}`, '');
    if (item.env_files.length === 0) {
      lines.push('No env file.');
      continue;
    }
    lines.push(`Env files: ${item.env_files.map(code).join(', ')}${item.has_example ? '' : ' (no `.env.example`)'}`, '');
    if (item.services.length === 0) {
      lines.push('The env files define no variables.');
      continue;
    }
    lines.push('| Service | Variables |', '| --- | --- |');
    for (const group of item.services) lines.push(`| ${cell(group.service)} | ${group.variables.map(code).join(', ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
