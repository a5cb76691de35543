// Draws turnout so far, day by day, from the table under the chart, so the page needs no data of its own in script.
(function () {
  const table = document.getElementById('turnout-table')
  const canvas = document.getElementById('turnout-chart')
  if (!table || !canvas || typeof window.Chart !== 'function') {
    return
  }
  const header = table.querySelector('thead th[data-series]')
  const column = Array.from(table.querySelectorAll('thead th')).indexOf(header)
  const rows = Array.from(table.querySelectorAll('tbody tr'))
  const labels = rows.map(row => row.querySelector('th').textContent.trim())
  const data = rows.map(row => parseFloat(row.children[column].textContent))
  canvas.hidden = false
  new window.Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [{
        label: header.dataset.series,
        data,
        borderColor: '#1d70b8',
        backgroundColor: '#1d70b8',
        borderWidth: 2,
        stepped: false
      }]
    },
    options: {
      animation: false,
      responsive: true,
      scales: { y: { min: 0, max: 100, title: { display: true, text: '% of those on the roll' } } }
    }
  })
})()
