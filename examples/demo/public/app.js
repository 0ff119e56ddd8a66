// A tiny stand-in for a product: three screens switched by the URL hash,
// with a form that fails the way real forms do, to give reporters something
// to report.
const PROJECTS = [
  { name: 'Checkout redesign', owner: 'Grace Hopper', due: '2026-12-18', late: false },
  { name: 'Mobile onboarding', owner: 'Ada Lovelace', due: '2026-11-30', late: true },
  { name: 'Billing export', owner: 'Alan Turing', due: '2027-01-15', late: false },
  { name: 'Search relevance', owner: 'Grace Hopper', due: '2026-12-02', late: true },
];

function renderProjects() {
  const rows = document.getElementById('project-rows');
  rows.replaceChildren(
    ...PROJECTS.map((project) => {
      const row = document.createElement('tr');
      const status = project.late ? '<span class="status late">Late</span>' : '<span class="status ok">On track</span>';
      row.innerHTML = `<td></td><td></td><td></td><td>${status}</td>`;
      row.cells[0].textContent = project.name;
      row.cells[1].textContent = project.owner;
      row.cells[2].textContent = project.due;
      return row;
    }),
  );
}

function showRoute() {
  const route = location.hash.replace(/^#/, '') || '/projects';
  for (const section of document.querySelectorAll('[data-route]')) {
    section.hidden = section.dataset.route !== route;
  }
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === `#${route}`);
    if (link.hasAttribute('aria-current')) link.setAttribute('aria-current', 'page');
  }
  document.title = `Orbit · ${document.querySelector(`[data-route="${route}"] h1`)?.textContent ?? 'Projects'}`;
}

document.getElementById('new-project').addEventListener('submit', (event) => {
  event.preventDefault();
  const budget = event.target.elements.budget.value;
  // The bug the demo invites users to report: budgets with a decimal comma fail.
  const error = /^\d+(\.\d+)?$/.test(budget) ? '' : `Could not save: "${budget}" is not a number.`;
  document.getElementById('new-project-error').textContent = error;
  if (!error) location.hash = '#/projects';
});

document.getElementById('settings').addEventListener('submit', (event) => {
  event.preventDefault();
  document.getElementById('settings-status').textContent = 'Saved.';
});

window.addEventListener('hashchange', showRoute);
renderProjects();
showRoute();
