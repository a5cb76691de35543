// Draws the week-by-week chart from the table under it, so the page needs no data of its own in script.
(function () {
  const table = document.getElementById('trend-table')
  const canvas = document.getElementById('trend-chart')
  const box = canvas && canvas.parentElement
  if (!table || !canvas || typeof window.Chart !== 'function') {
    return
  }
  const headers = Array.from(table.querySelectorAll('thead th[data-series]'))
  const rows = Array.from(table.querySelectorAll('tbody tr'))
  const labels = rows.map(row => row.querySelector('th').textContent.trim())
  const palette = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#28a197', '#912b88', '#85994b',
    '#6f72af', '#b58840', '#505a5f', '#d53880']
  const datasets = headers.map((header, index) => ({
    label: header.dataset.series,
    data: rows.map(row => parseFloat(row.querySelectorAll('td')[index + 1].dataset.value)),
    borderColor: palette[index % palette.length],
    backgroundColor: palette[index % palette.length],
    pointRadius: 0,
    borderWidth: 2
  }))
  // The axis stops a little above the highest share, so that a few per cent is a line one can read, not a floor.
  const highest = Math.max(1, ...datasets.flatMap(set => set.data.filter(value => !isNaN(value))))
  const top = Math.min(100, Math.ceil(highest * 1.1 / 5) * 5)
  box.hidden = false
  new window.Chart(canvas, {
    type: 'line',
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom', align: 'start' } },
      interaction: { mode: 'index', intersect: false },
      scales: { y: { min: 0, max: top, title: { display: true, text: '% of open practices' } } }
    }
  })
})()
