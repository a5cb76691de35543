-- The shipped menus pointed every action's guidance at the same campaign page; each action now links to its own
-- section of it, so "Guidance on action 4" opens guidance on action 4. Links an administrator changed are kept.
update menu_action
set guidance_url = 'https://www.bma.org.uk/gpaction#action-' || number
where guidance_url = 'https://www.bma.org.uk/gpaction';
