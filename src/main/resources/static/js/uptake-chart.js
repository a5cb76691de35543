// Draws the week-by-week chart from the table under it, so the page needs no data of its own in script.
(function () {
  const table = document.getElementById('trend-table')
  const canvas = document.getElementById('trend-chart')
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
    data: rows.map(row => parseFloat(row.querySelectorAll('td')[index + 1].textContent)),
    borderColor: palette[index % palette.length],
    backgroundColor: palette[index % palette.length],
    pointRadius: 0,
    borderWidth: 2
  }))
  canvas.hidden = false
  new window.Chart(canvas, {
    type: 'line',
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { min: 0, max: 100, title: { display: true, text: '% of open practices' } } }
    }
  })
})()
